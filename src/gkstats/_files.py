"""Writing files without ever leaving half of one, and keeping the user's old file.

Every output gkstats writes goes through :func:`replacing`: a temporary file next to the
target, renamed over it only once complete (and, where the caller asks, verified), so a crash
or a full disk leaves the old file as it was.  :func:`backup` copies a file before gkstats
changes it in place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ._errors import GkError


def _unwritable(path: Path, exc: OSError) -> GkError:
    why = exc.strerror or str(exc)
    return GkError(
        "output_not_writable",
        zh=f"无法写入 {path}（文件可能正在其他程序中打开，或没有写权限）：{why}",
        en=f"cannot write {path} (is it open in another program, or read-only?): {why}",
    )


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
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=out.suffix, dir=parent)
        os.close(fd)
    except OSError as exc:
        raise _unwritable(out, exc) from None
    tmp = Path(name)
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
    """A free name for the backup of ``path``: 表.bak.xlsx, 表.bak2.xlsx, …"""
    candidate = path.with_name(f"{path.stem}.bak{path.suffix}")
    k = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.bak{k}{path.suffix}")
        k += 1
    return candidate


def backup(path: str | Path) -> Path:
    """Copy ``path`` to a free backup name before it is changed in place; returns the copy."""
    src = Path(path)
    target = backup_name(src)
    try:
        shutil.copy2(src, target)
    except OSError as exc:
        raise GkError(
            "cannot_backup",
            zh=f"无法备份 {src}（{exc.strerror or exc}），未作修改",
            en=f"cannot back up {src} ({exc.strerror or exc}); nothing changed",
        ) from None
    return target


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
    "in_place_target",
    "output_target",
    "refuse_existing",
    "replacing",
    "require_file",
    "require_folder",
]
