"""Processes for `--all`: editions made in parallel by workers that never outlive the run.

In:  edition files, `Options`, how many workers, and `finish`, called in this process
     with each `EditionResult` as it comes (it writes the files and prints).
Out: nothing; `Terminated` (SIGTERM) or KeyboardInterrupt (Ctrl-C) stop the run.

The workers only compute and return bytes; this process alone writes, so nothing is
written once it has ended. Each worker ignores Ctrl-C (the terminal sends it to the
whole process group: this process handles it and stops them) and asks Linux to kill it
when its parent dies (PR_SET_PDEATHSIG; elsewhere it watches its parent id), so even a
`kill -9` of the run ends the workers.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import NoReturn

from .diagnostics import display_path
from .products import EditionResult, Options, make_edition


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt is for Ctrl-C."""


def make_in_parallel(
    paths: list[Path],
    options: Options,
    jobs: int,
    finish: Callable[[EditionResult], None],
    make: Callable[[Path, Options], EditionResult] = make_edition,
) -> None:
    """Make the editions in `jobs` worker processes (with `make`: `make_edition`, or a function of the
    same kind defined at a module's top level); `finish` each result here, in the order they end.

    A worker that dies (out of memory, killed) fails its edition with a message. On any
    exception, Ctrl-C and SIGTERM included, the workers are stopped before it goes on.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed  # costs 15 ms: only when needed
    from multiprocessing import get_context

    # fork on Linux: the workers are children of this process, which _worker_start relies on
    context = get_context("fork") if sys.platform.startswith("linux") else None
    if context is not None:
        _import_for_workers(options)
        # Frozen, the parent's objects are never touched by a worker's collector: their memory pages stay
        # shared with this process instead of being copied into every worker (the gc module's advice for fork).
        gc.freeze()
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_start, initargs=(os.getpid(), _makes_proofs(options))
    )
    try:
        futures = {pool.submit(_make_in_worker, path, options, make): path for path in paths}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker killed (out of memory?) or a result lost
                shown = display_path(futures[future])
                result = EditionResult(
                    shown,
                    problems=(
                        f"{shown}: error: the process making it ended unexpectedly ({type(error).__name__})\n"
                        "    hint: run this edition alone; if it happens again, report it",
                    ),
                    failed=True,
                )
            finish(result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        _stop_workers()
        raise
    pool.shutdown()


# A worker holding more than this after an edition (fonts, hyphenation dictionaries, converted images kept
# for the next edition; memory freed but kept by the allocator) lets it go before the next one: each
# edition's own peak comes on top of it, and `--all` must stay under 100 MiB per process (issue 14).
# PNG proofs raise an edition's peak by about 25 MiB more than its PDFs alone (the folded view is large): with
# them a worker lets go after nearly every edition (the imports alone are ~65 MiB resident; the largest worker
# of `--all` peaked at 86-89 MiB over 5 runs, against 91-98 MiB releasing above 72 MiB, for ~2 % more CPU).
# Without them, releasing later saves parsing the fonts again for the next edition.
RELEASE_ABOVE = 64 * 1024 * 1024
RELEASE_ABOVE_WITHOUT_PROOFS = 85 * 1024 * 1024


def _make_in_worker(
    path: Path, options: Options, make: Callable[[Path, Options], EditionResult] = make_edition
) -> EditionResult:
    """`make` in a worker, then what it kept released if the worker has grown (`RELEASE_ABOVE`)."""
    result = make(path, options)
    if _resident() > (RELEASE_ABOVE if _makes_proofs(options) else RELEASE_ABOVE_WITHOUT_PROOFS):
        _release_kept()
    return result


def _makes_proofs(options: Options) -> bool:
    """Whether the options make PNG proofs (--png, --guides, or everything of --all)."""
    everything = options.every_paper and not (options.office or options.press or options.screen)
    return not options.check and (options.png or everything)


def _resident() -> int:
    """This process's resident memory in bytes (VmRSS), or 0 where /proc cannot tell."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _release_kept() -> None:
    """Drop what editions keep for later ones (parsed fonts, hyphenation dictionaries, press images, SVG
    drawings, editions loaded and texts broken into lines: each made again when needed, the same) and hand
    the freed memory back to the system."""
    from . import fonts, load, typeset

    fonts.release_faces()
    load.forget_loaded()  # decoded images come with an edition
    typeset.forget_texts()
    # The caches of modules this worker has imported (importing one only to empty it would cost memory).
    for module, name in (
        ("typeset", "hyphenator"),
        ("paint", "_press_image"),
        ("vector", "_convert"),
        ("proofs", "_font"),
        ("inks", "_to_cmyk"),
        ("inks", "_from_cmyk"),
        ("inks", "_cmyk_profile"),
    ):
        loaded = sys.modules.get(f"{__package__}.{module}")
        if loaded is not None:
            getattr(loaded, name).cache_clear()
    pyphen = sys.modules.get("pyphen")
    if pyphen is not None:
        pyphen.hdcache.clear()  # pyphen's own cache of parsed dictionaries, behind typeset.hyphenator
    gc.collect()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)  # glibc: return the freed pages now (musl has none: ignored)


def _import_for_workers(options: Options) -> None:
    """Import here, once, the modules every worker would otherwise import for itself (PDFium, PIL's
    drawing: about 0.1 s each): forked workers start with them loaded and share their memory pages."""
    import importlib

    wanted = [] if options.check else ["preflight"]
    everything = options.every_paper and not (options.office or options.press or options.screen)
    if not options.check and (options.press or everything):
        wanted.append("pressflight")
    if not options.check and (options.png or everything):
        wanted.append("proofs")
    if not options.check and (options.instructions or everything):
        wanted += ["instructions", "pdfua"]
    for name in wanted:
        importlib.import_module(f"{__package__}.{name}")
    # What a single render imports only when its edition needs it (a translation's term list, images, SVG
    # logos): in a run over every edition, some worker will, and each would import it again for itself.
    for name in (f"{__package__}.terms", "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "lxml.etree"):
        importlib.import_module(name)


def _stop_workers() -> None:
    """Terminate the workers (SIGTERM, then SIGKILL after 5 s) and reap them."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join(timeout=5)


def _worker_start(parent: int, proofs: bool) -> None:
    """Set up a worker of --all: Ctrl-C is the parent's to handle, and the worker dies with the parent;
    for a run that makes PNG proofs (`proofs`), glibc gives the large pictures' memory back when freed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler was inherited by fork
    if proofs:  # only pictures are large enough for it to matter; without them it costs ~7 % of the time
        _fixed_malloc_thresholds()
    if not _die_with_parent():  # not Linux: look for the parent twice a second instead
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before this worker could ask to die with it
        os._exit(1)


def _fixed_malloc_thresholds() -> None:
    """Have glibc give large blocks (a proof's pictures: megabytes each) back to the system when freed.

    By default glibc raises its mmap and trim thresholds after such a block is freed, so the next ones
    come from the heap, which keeps them once freed: a worker of `--all` then grows by the largest
    pictures of every edition it makes (about 3 MiB higher peaks, measured). Fixed thresholds end that.
    Elsewhere (not glibc) nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # mallopt's parameters (malloc.h)
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(m_mmap_threshold, 256 * 1024)
        libc.mallopt(m_trim_threshold, 1024 * 1024)
    except (OSError, AttributeError):
        return


def _die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends (prctl PR_SET_PDEATHSIG); False if it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        pr_set_pdeathsig = 1
        result: int = ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        return result == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """End this worker once its parent has ended (it is then adopted: the parent id changes)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into the exception `Terminated` while the run lasts (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
