"""Parts of one job run side by side in forked processes, their output kept in order (issue 8: `impact` over a
large caseload on more than one core).

Each part runs `work(i, out)` in a child process forked from this one (so it shares the loaded standards and
generated functions without pickling them), writing its output to a temporary file and returning a small
result, pickled back through a pipe. The caller gets the results in part order and copies the files' bytes in
that order, so the output is byte for byte what one process would write. Nothing is written by a part that
failed: its error is raised here, and the other parts are stopped. Where fork is not available (can_fork),
the caller runs the job in one process instead.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import tempfile
from typing import Any, BinaryIO, Callable, Iterator

_TICK = 0.2  # seconds between progress reports while the parts run


def cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


class PartFailed(Exception):
    """A part ended without a result (killed, or out of memory): nothing of the job is written."""


def run(parts: int, work: Callable[[int, BinaryIO, Callable[[int, int], None]], Any],
        progress: Callable[[int, int], None] | None = None, folder: str | None = None) -> Iterator[tuple[Any, BinaryIO]]:
    """(result, output) of each part in order; output is a file open for reading at its start, closed (and gone)
    when the next part is taken. `work(i, out, done)` calls done(items, units) now and then with how much it has
    done (profiles, and bytes read), for `progress(items, units)` of all parts together here."""
    ctx = mp.get_context("fork")
    counts = ctx.Array("q", 2 * parts, lock=False)  # per part: items and units done, read for the progress bar
    files = [tempfile.TemporaryFile(dir=folder) for _ in range(parts)]
    procs, pipes = [], []
    try:
        for i in range(parts):
            recv, send = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_child, args=(work, i, files[i], send, counts), daemon=True)
            p.start()
            send.close()
            procs.append(p)
            pipes.append(recv)
        results = []
        for i, (p, recv) in enumerate(zip(procs, pipes)):
            while not recv.poll(_TICK):
                if progress is not None:
                    progress(sum(counts[0::2]), sum(counts[1::2]))
                if not p.is_alive() and not recv.poll(0):
                    break
            try:
                ok, value = pickle.loads(recv.recv_bytes())
            except (EOFError, OSError):
                raise PartFailed(f"part {i + 1} of {parts} ended without a result (exit status {p.exitcode})") from None
            if not ok:
                raise value
            results.append(value)
        for p in procs:
            p.join()
        if progress is not None:
            progress(sum(counts[0::2]), sum(counts[1::2]))
        for i, result in enumerate(results):
            files[i].seek(0)
            yield result, files[i]
            files[i].close()
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join()
        for f in files:
            f.close()


def _child(work: Callable, i: int, out: BinaryIO, send: Any, counts: Any) -> None:
    def done(items: int, units: int) -> None:
        counts[2 * i] = items
        counts[2 * i + 1] = units
    try:
        with open(out.fileno(), "wb", buffering=1 << 16, closefd=False) as stream:
            result = work(i, stream, done)
        payload = pickle.dumps((True, result))
    except BaseException as e:  # said in the parent, which raises it
        try:
            payload = pickle.dumps((False, e))
        except Exception:
            payload = pickle.dumps((False, PartFailed(f"part {i + 1}: {e.__class__.__name__}")))
    send.send_bytes(payload)
    send.close()
