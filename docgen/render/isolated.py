"""Render an uploaded template in a child process that is killed at the time limit.

A school's or an office's template is not trusted: a loop bomb already stored (published before
the upload checks existed, or slipped past them) must never hang a worker. The child is a
`fork()` of the caller, so the compiled template and the context are already in its memory and
nothing is pickled but the result. Its address space is capped (RLIMIT_AS: what it inherited plus
`memory_mb`), its output is capped (`output_mb` characters of XML), and it is killed with SIGKILL
after `seconds`. It runs niced (`CHILD_NICENESS`): while a loop bomb spins for its seconds, the
requests of other schools on the same cores go first. The built-in templates (trusted, and the
fast path of issuing) render in-process.

Fork in a multithreaded server: the child runs only this thread and touches no lock that another
thread may hold (no database, no logging); in the worst case it hangs and is killed at the limit.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import time
from typing import Any

from docgen.errors import DocgenError, TemplateProblem, TemplateTooHeavy, UnsafeTemplate

from .compiled import CompiledTemplate
from .hostile import rendered_fields
from .limits import RenderLimits, render_limits
from .templates import is_builtin

_PAGE = os.sysconf("SC_PAGE_SIZE")
CHILD_NICENESS = 10  # CFS gives a nice-10 process about a tenth of a nice-0 one's share
_PASSED = (ArithmeticError, LookupError, TypeError, ValueError, AttributeError)


def render_document(template: CompiledTemplate, context: dict[str, Any]) -> bytes:
    """How every document is rendered: a built-in template in-process, any other one isolated."""
    if is_builtin(template.sha256):
        return template.render(context)
    return render_isolated(template, context)


def render_isolated(
    template: CompiledTemplate, context: dict[str, Any], limits: RenderLimits | None = None
) -> bytes:
    """`template.render(context)` in a child process within the limits; TemplateTooHeavy if not.

    DocgenError and the plain errors a template's own expressions raise (`{{ 1 // 0 }}`) come
    back as they would from an in-process render.
    """
    limits = limits or render_limits()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:  # no processes or memory left: refuse rather than render unguarded
        os.close(read_end)
        os.close(write_end)
        raise TemplateProblem(
            f"Не удалось запустить заполнение шаблона в отдельном процессе: {exc.strerror or exc}",
            template=template.name,
        ) from None
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(template, context, limits, write_end)
    os.close(write_end)
    try:
        payload, finished = _collect(read_end, pid, limits.seconds)
    finally:
        os.close(read_end)
    if not finished:
        raise TemplateTooHeavy(
            f"Шаблон заполнялся дольше {limits.seconds:g} с и был остановлен "
            "(слишком долгий цикл или рекурсия?)",
            template=template.name,
        )
    document = _outcome(payload, template.name, limits)
    for where, reason in rendered_fields(document)[:1]:
        raise UnsafeTemplate(f"{where}: {reason}", template=template.name)
    return document


def _child(template: CompiledTemplate, context: dict[str, Any], limits: RenderLimits, fd: int) -> None:
    status = 0
    try:
        _cap_memory(limits.memory_bytes)
        _yield_cpu()
        try:
            result: tuple[str, Any] = ("ok", template.render(context, max_chars=limits.output_chars))
        except MemoryError:
            result = ("memory", None)
        except RecursionError:
            result = ("recursion", None)
        except (DocgenError, *_PASSED) as exc:
            result = ("raise", exc)
        except Exception as exc:  # reported to the parent as a template problem
            problem = TemplateProblem(f"Ошибка при заполнении шаблона: {exc}", template=template.name)
            result = ("raise", problem)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            if result[0] == "raise":
                pickle.loads(data)  # an exception whose class cannot be rebuilt from its args
        except Exception:  # its text is enough
            data = pickle.dumps(("raise", TemplateProblem(str(result[1]), template=template.name)))
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except BaseException:  # the child must end here whatever happens
        status = 1
    finally:
        os._exit(status)


def _yield_cpu() -> None:
    with contextlib.suppress(OSError):  # a platform without priorities: the time limit still holds
        os.nice(CHILD_NICENESS)


def _cap_memory(extra: int) -> None:
    """RLIMIT_AS: what the child inherited from its parent plus `extra` bytes."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * _PAGE
        resource.setrlimit(resource.RLIMIT_AS, (current + extra, current + extra))
    except (OSError, ValueError):  # no /proc (not Linux): the time and output limits still hold
        pass


def _collect(fd: int, pid: int, seconds: float) -> tuple[bytes, bool]:
    """Everything the child writes until it exits, or (b"", False) when it is killed at the limit."""
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                return b"", False
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), True
            chunks.append(chunk)
    finally:
        os.waitpid(pid, 0)


def _outcome(payload: bytes, name: str, limits: RenderLimits) -> bytes:
    try:
        kind, value = pickle.loads(payload)  # our own child wrote it
    except Exception:  # the child died without a word (killed, crashed)
        raise TemplateTooHeavy(
            "Заполнение шаблона прервано: процесс превысил пределы памяти или аварийно завершился",
            template=name,
        ) from None
    if kind == "ok":
        return value
    if kind == "memory":
        raise TemplateTooHeavy(
            f"Шаблону не хватило {limits.memory_mb:g} МБ памяти: он создаёт слишком большие значения",
            template=name,
        )
    if kind == "recursion":
        raise TemplateTooHeavy("Шаблон вызывает сам себя слишком глубоко (рекурсия макроса)", template=name)
    raise value
