"""Reading an upload in a child process: a hostile or huge file can use at most its time and memory, and
its parsers (pypdf, the HTML parser, the gazetteer) never stay in the bot's memory."""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from facts.errors import BadInput, ChronicleError

MEMORY_BYTES = 2 * 1024 ** 3  # address space the child may map (Python and the parsers take ~0.5 GiB)


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        conn.send(("ok", fn(*args, **kwargs)))
    except BadInput as exc:
        conn.send(("bad", (exc.message, exc.example)))
    except MemoryError:
        conn.send(("bad", ("Reading this file needs more memory than an upload may use; upload a smaller part "
                           "of it.", None)))
    except ChronicleError as exc:
        conn.send(("bad", (str(exc), None)))
    except Exception:  # reported to the parent, which logs it and answers in words
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


class WorkerCrashed(ChronicleError):
    def __init__(self, detail: str) -> None:
        super().__init__("Chronicle could not read this file (its reader failed). It has been logged.")
        self.detail = detail


def _wait(process: multiprocessing.process.BaseProcess, conn: Connection, timeout: float) -> tuple[str, Any]:
    try:
        if not conn.poll(timeout):
            raise TimeoutError
        return conn.recv()
    except EOFError:  # the child died without a word (killed by the memory limit's signal, say)
        return "bad", ("Reading this file took more memory than an upload may use; upload a smaller part of it.",
                       None)
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        conn.close()


async def run_isolated(fn: Callable[..., Any], *args: Any, seconds: float, memory: int = MEMORY_BYTES,
                       **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a fresh child process; :class:`BadInput` as the child raised it,
    :class:`TimeoutError` (the child killed) after ``seconds``."""
    ctx = multiprocessing.get_context("spawn")  # not fork: the bot's threads (the database's) stay behind
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, fn, args, kwargs, memory), daemon=True)
    process.start()
    send.close()
    status, value = await asyncio.to_thread(_wait, process, receive, seconds)
    if status == "ok":
        return value
    if status == "bad":
        raise BadInput(*value)
    raise WorkerCrashed(value)
