"""Writing files without ever leaving half of one, and keeping the user's old file.

Every output gkstats writes goes through :func:`replacing`: a temporary file next to the
target, renamed over it only once complete (and, where the caller asks, verified), so a crash
or a full disk leaves the old file as it was.  :func:`backup` copies a file before gkstats
changes it in place.

Names gkstats makes up (temporary files, backups, default output names) are shortened to fit
the file system's limit on a name (255 bytes on ext4 and most others: 85 Chinese characters),
whatever the length of the user's own name.  A temporary file names its writer's process, so
one left behind by a killed run is removed by the next run on the same target.  An operating
system error is reported with its own words (disk full, no permission, name too long).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ._errors import GkError

_DENIED = ("没有写权限，或文件正在其他程序中打开", "no permission, or open in another program")
#: What an OS error means for the user, by errno: (zh, en).
_WHY = {
    errno.ENOSPC: ("磁盘空间不足", "the disk is full"),
    errno.EDQUOT: ("超出磁盘配额", "the disk quota is exceeded"),
    errno.EACCES: (
        "没有写权限，或文件正在其他程序中打开",
        "no permission, or open in another program",
    ),
    errno.EPERM: (
        "没有写权限，或文件正在其他程序中打开",
        "no permission, or open in another program",
    ),
    errno.EBUSY: ("文件正在其他程序中使用", "the file is in use by another program"),
    errno.ENAMETOOLONG: ("文件名过长", "the file name is too long"),
    errno.EROFS: ("所在磁盘是只读的", "the disk is read-only"),
    errno.ENOENT: ("文件夹不存在", "the folder does not exist"),
    errno.EIO: ("磁盘读写出错", "an input/output error"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """What went wrong, in the user's words and the operating system's own: (zh, en)."""
    own = exc.strerror or str(exc) or type(exc).__name__
    zh, en = _WHY.get(exc.errno or -1, ("操作系统报错", "the operating system refused"))
    return f"{zh}（{own}）", f"{en} ({own})"


def _unwritable(path: Path, exc: OSError, code: str = "output_not_writable") -> GkError:
    zh, en = os_reason(exc)
    return GkError(code, zh=f"无法写入 {path}：{zh}", en=f"cannot write {path}: {en}")


# --- names that fit -------------------------------------------------------------------------


def name_max(folder: Path) -> int:
    """The longest name (in bytes) the file system of ``folder`` takes."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows): the usual limit
        return 255


def fit_name(stem: str, tail: str, folder: Path) -> str:
    """``stem + tail``, with the stem cut (at a whole character) so that the name fits."""
    room = name_max(folder) - len(os.fsencode(tail))
    if len(os.fsencode(stem)) <= room:
        return stem + tail
    kept, used = [], 0
    for ch in stem:
        size = len(os.fsencode(ch))
        if used + size > room:
            break
        kept.append(ch)
        used += size
    return "".join(kept).rstrip(" .") + tail


def sibling(path: str | Path, tail: str) -> Path:
    """A name next to ``path`` for what gkstats derives from it: ``表_校验.xlsx`` for tail
    ``_校验`` (the suffix is kept), shortened to fit the file system."""
    p = Path(path)
    return p.with_name(fit_name(p.stem, tail + p.suffix, p.parent if str(p.parent) else Path(".")))


# --- temporary files ------------------------------------------------------------------------

#: How old a temporary file of ours must be to be removed even when its writer may be alive
#: (another machine on a shared folder, or an id reused).
STALE_SECONDS = 24 * 3600


def _tag(target: Path) -> str:
    """What names the temporaries of ``target``: ``gk`` and a hash of its name."""
    return "gk" + hashlib.sha1(os.fsencode(target.name)).hexdigest()[:8]


def _temporary(target: Path, parent: Path) -> Path:
    """A new, empty temporary file for ``target``: ``.<stem>.<tag>-<pid>-<random><suffix>``."""
    prefix_tail = f".{_tag(target)}-{os.getpid()}-"
    fixed = prefix_tail + "x" * 8 + target.suffix  # mkstemp adds 8 characters
    stem = fit_name("." + target.stem, fixed, parent)[: -len(fixed)]
    fd, name = tempfile.mkstemp(prefix=stem + prefix_tail, suffix=target.suffix, dir=parent)
    os.close(fd)
    return Path(name)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless way to ask: left to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def remove_stale_temporaries(target: str | Path) -> list[Path]:
    """Remove what a killed or crashed gkstats left next to ``target``: its temporaries whose
    writer is gone (or that are more than a day old); returns what was removed."""
    out = Path(target)
    parent = out.parent if str(out.parent) else Path(".")
    mine = re.compile(rf"^\..*\.{_tag(out)}-(\d+)-[A-Za-z0-9_]{{8}}{re.escape(out.suffix)}$")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        m = mine.match(entry.name)
        if m is None or int(m[1]) == os.getpid():
            continue
        try:
            old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            if old or not _alive(int(m[1])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _mode(target: Path) -> int:
    """The replaced file's mode, or the usual one for a new file (mkstemp's is owner-only)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def require_file(path: str | Path, zh: str = "文件", en: str = "file") -> Path:
    """An input that must be an existing file (``zh``/``en`` name what it is: 规则文件 …),
    with one clear error when it is missing or is a folder."""
    p = Path(path)
    if not p.exists():
        raise GkError("file_not_found", zh=f"找不到{zh}：{p}", en=f"{en} not found: {p}")
    if p.is_dir():
        raise GkError("not_a_file", zh=f"这是一个文件夹，不是文件：{p}", en=f"is a directory: {p}")
    if not p.is_file():
        raise GkError("not_a_file", zh=f"这不是一个文件：{p}", en=f"not a file: {p}")
    return p


def require_folder(target: str | Path) -> Path:
    """The folder an output goes to, which must exist (it is not created behind the user)."""
    out = Path(target)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise GkError(
            "no_such_folder",
            zh=f"输出文件夹不存在：{parent}",
            en=f"output folder does not exist: {parent}",
        )
    return parent


def refuse_existing(target: str | Path, overwrite: bool) -> None:
    """An existing output is replaced only when the user said ``--overwrite``."""
    out = Path(target)
    try:
        out.exists()
    except OSError as exc:  # a name too long for the file system, above all
        raise _unwritable(out, exc) from None
    if out.is_dir():
        raise GkError("not_a_file", zh=f"这是一个文件夹：{out}", en=f"is a directory: {out}")
    if out.exists() and not overwrite:
        raise GkError(
            "output_exists",
            zh=f"文件已存在：{out}（加 --overwrite 覆盖，或用 -o 指定其他文件）",
            en=f"file exists: {out} (use --overwrite, or choose another file with -o)",
        )


@contextlib.contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A temporary path to write; renamed over ``target`` when the block ends without error."""
    out = Path(target)
    parent = require_folder(out)
    remove_stale_temporaries(out)
    try:
        tmp = _temporary(out, parent)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    try:
        yield tmp
        os.chmod(tmp, _mode(out))
        os.replace(tmp, out)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def atomic_write(target: str | Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``target`` all at once (text in ``encoding``)."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with replacing(target) as tmp:
        tmp.write_bytes(payload)
    return Path(target)


def backup_name(path: Path) -> Path:
    """A free name for the backup of ``path``: 表.bak.xlsx, 表.bak2.xlsx, … (shortened to
    fit the file system)."""
    candidate = sibling(path, ".bak")
    k = 2
    while candidate.exists():
        candidate = sibling(path, f".bak{k}")
        k += 1
    return candidate


def backup(path: str | Path) -> Path:
    """Copy ``path`` to a free backup name before it is changed in place; returns the copy."""
    src = Path(path)
    target = backup_name(src)
    try:
        shutil.copy2(src, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            target.unlink()  # half a copy is no backup
        zh, en = os_reason(exc)
        raise GkError(
            "cannot_backup",
            zh=f"无法备份 {src}：{zh}，未作修改",
            en=f"cannot back up {src}: {en}; nothing changed",
        ) from None
    return target


def saved_in_place(target: Path, save: Callable[[], object], in_place: bool) -> Path | None:
    """``save()`` (an atomic write of ``target``), after backing ``target`` up when it is
    changed in place; returns the backup.  A save that fails leaves the file as it was, so
    its backup is taken back: nothing is left behind but the message."""
    saved = backup(target) if in_place else None
    try:
        save()
    except BaseException:
        if saved is not None:
            with contextlib.suppress(OSError):
                saved.unlink()
        raise
    return saved


# --- where an output may go (issue 15: no output replaces a file unasked) ------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def output_target(
    target: str | Path,
    *,
    inputs: Sequence[str | Path] = (),
    overwrite: bool = False,
    suffix: str | None = None,
) -> Path:
    """Where an output goes, after the checks every command makes.

    A target that is one of the ``inputs`` is always refused (``--in-place`` is the way to
    change an input, with a backup); an existing target is replaced only with
    ``overwrite``; ``suffix``, when given, is the type the output must keep (an .xlsm stays
    an .xlsm).  A target that is a symbolic link is written through: the file it points to
    is replaced, the link stays.
    """
    out = Path(target)
    for given in inputs:
        if _same_file(out, Path(given)) or out.resolve() == Path(given).resolve():
            raise GkError(
                "would_overwrite_input",
                zh=f"输出文件 {out} 就是输入文件：请另选输出文件名"
                "（如确要改写原文件，请用 --in-place，会先备份）",
                en=f"the output {out} is one of the inputs: choose another name "
                "(or use --in-place, which keeps a backup)",
            )
    if suffix is not None and out.suffix.lower() != suffix.lower():
        raise GkError(
            "output_suffix",
            zh=f"输出文件的类型应与输入相同（{suffix}）：{out}",
            en=f"the output must be of the input's type ({suffix}): {out}",
        )
    refuse_existing(out, overwrite)
    require_folder(out)
    return Path(os.path.realpath(out)) if out.is_symlink() else out


def in_place_target(path: str | Path) -> Path:
    """The file ``--in-place`` changes: the one a symbolic link points to, not the link."""
    p = Path(path)
    real = Path(os.path.realpath(p))
    if not real.is_file():
        raise GkError("file_not_found", zh=f"找不到文件：{p}", en=f"file not found: {p}")
    return real


__all__ = [
    "atomic_write",
    "backup",
    "backup_name",
    "fit_name",
    "in_place_target",
    "name_max",
    "os_reason",
    "output_target",
    "refuse_existing",
    "remove_stale_temporaries",
    "replacing",
    "require_file",
    "require_folder",
    "saved_in_place",
    "sibling",
]
