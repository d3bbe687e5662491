"""The progress bar on a terminal: drawn from the first repository on, never before, so notes
said up front (a rejected token, a budget that will not last) come first and stay readable.

It only shows numbers the run already has (the rate limit left is read from the last answer's
headers), so drawing it never makes a request and can never fail because GitHub is away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from repro_audit.sources.github_options import Progress

if TYPE_CHECKING:
    from tqdm import tqdm


class ProgressBar:
    """tqdm, imported and opened at the first update (a cached `--help` never loads it)."""

    def __init__(self, stream: TextIO, show: bool) -> None:
        self.stream = stream
        self.show = show
        self._bar: tqdm[Any] | None = None

    def update(self, state: Progress) -> None:
        """Redraw with the fetch's state."""
        if not self.show:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=state.total, file=self.stream, unit="repo", leave=False)
        bar = self._bar
        bar.total = state.total
        bar.n = state.done
        remaining = "?" if state.rate_remaining is None else state.rate_remaining
        bar.set_postfix_str(
            f"requests {state.requests}, rate left {remaining}, cache hits {state.cache_hits}"
        )

    def say(self, kind: str, text: str) -> None:
        """`audit: KIND: TEXT` on its own line, above the bar when one is drawn."""
        line = f"audit: {kind}: {text}"
        if self._bar is None:
            print(line, file=self.stream, flush=True)
        else:
            self._bar.write(line, file=self.stream)

    def close(self) -> None:
        """Take the bar off the screen."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
