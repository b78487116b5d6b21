"""Reading inputs: which files to check, how they are encoded, and their visible text.

Offsets in findings are code points into the decoded source, so what a user opens in an editor and what a
finding points at agree (see extract/ for how Markdown and HTML keep that true).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .extract import Extracted
from .lazy import lazy_regex

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}  # fmt: skip
# Documents that hold copy in formats not read (legacy Word, RTF, OpenDocument, WPS, slides, sheets, e-books): a
# folder walk hands them to the reader like the formats it reads, and the reader's look at their bytes (see
# _binary_container) lists them as skipped, so that copy kept in them is never passed over unseen. Other files in a
# folder (images, code, data) are not copy: they are not read, and the summary counts them (Report.not_read).
UNREAD_DOCUMENT_SUFFIXES = frozenset(
    {".doc", ".docm", ".dot", ".dotx", ".rtf", ".odt", ".wps", ".pages", ".ppt", ".pptx", ".odp", ".key", ".xls",
     ".xlsx", ".ods", ".et", ".dps", ".epub"}
)  # fmt: skip
MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Larger inputs are skipped with a message: marketing copy is never this big, and a check must not stall."""

_SNIFF = 8192
_CANDIDATES = ["gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be"]


@dataclass(frozen=True)
class Source:
    """A decoded input, ready to check."""

    path: str
    extracted: Extracted
    encoding: str | None  # None for Word and PDF, which carry their own


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Decode ``raw`` and name the encoding; raise :class:`InputError` for binary or undecodable data."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", path), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts both
        return _strict(raw, "utf-32", path), "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", path), "utf-16"
    if b"\x00" in raw[:_SNIFF]:
        found = _utf16_without_bom(raw)
        if found is not None:
            return found
        raise InputError(path, "looks like a binary file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise InputError(path, "is neither UTF-8, UTF-16, GB18030/GBK nor Big5 text")
    return str(best), best.encoding


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (its ASCII characters hold NUL bytes): the byte order that
    decodes to text with no NULs and almost only printable characters, if one does."""
    if len(raw) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[: _SNIFF // 2]
        # Plain text in the languages copy is written in: ASCII, CJK and full-width forms, nearly throughout.
        plain = sum(1 for ch in sample if " " <= ch <= "~" or ch in "\r\n\t" or "\u3000" <= ch <= "\u9fff"
                    or "\uff00" <= ch <= "\uffef")  # fmt: skip
        if "\x00" not in text and plain >= 0.9 * len(sample):
            return text, encoding
    return None


def _strict(raw: bytes, encoding: str, path: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not valid {encoding} (byte {exc.start})") from None


MAX_EXPANSION = 5
"""A Word file may unpack to at most this many times the file size limit (its text, styles and images)."""
MAX_FILE_SECONDS = 60.0
"""Reading and checking one file may take at most this much processor time; then it is skipped with a message."""


def _check_archive(raw: bytes, path: str, max_bytes: int) -> None:
    """Refuse a zip whose parts would unpack to more than MAX_EXPANSION x ``max_bytes`` (a zip bomb). The
    sizes in the zip's directory are binding: Python's zip reader never returns more than they say."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(path, f"cannot be read as DOCX (not a zip file: {exc})") from None
    total = sum(info.file_size for info in infos)
    limit = MAX_EXPANSION * max_bytes
    if total > limit or len(infos) > 10_000:
        raise InputError(
            path,
            f"unpacks to {total / 1e6:.1f} MB in {len(infos)} parts, above the {limit / 1e6:.0f} MB limit "
            "for Word files (a zip bomb?)",
        )


# Files that decode as text but are not: a zip or an old Office file named .txt, or a document in a format not read
# (.xlsx, .rtf), named on the command line or found in a folder (UNREAD_DOCUMENT_SUFFIXES), would otherwise be
# "checked" as gibberish and pass.
_CONTAINERS = (
    (b"PK\x03\x04", "a zip archive (an Office file such as .xlsx or .pptx?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc, .xls or .ppt)"),
    (b"%PDF-", "a PDF file without the .pdf suffix"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


def _binary_container(raw: bytes) -> str | None:
    return next((what for magic, what in _CONTAINERS if raw.startswith(magic)), None)


def extract(raw: bytes, path: str, fmt: str, max_bytes: int = MAX_INPUT_BYTES) -> Source:
    """Decode and read ``raw`` as ``fmt`` (text, markdown, html, docx, pdf)."""
    if fmt in ("docx", "pdf"):
        try:
            if fmt == "docx":
                from .extract.docx import extract_docx

                _check_archive(raw, path, max_bytes)
                return Source(path, extract_docx(raw), None)
            from .extract.pdf import extract_pdf

            return Source(path, extract_pdf(raw), None)
        except (InputError, TimeLimit):
            raise
        except RecursionError:
            raise InputError(path, f"cannot be read as {fmt.upper()} (nested too deeply)") from None
        except Exception as exc:
            raise InputError(path, f"cannot be read as {fmt.upper()} ({type(exc).__name__}: {exc})") from None
    container = _binary_container(raw)
    if container is not None:
        raise InputError(path, f"is {container}, not text; the formats read are .txt, .md, .html, .docx and .pdf")
    text, encoding = decode(raw, path)
    if fmt == "markdown":
        from .extract.markdown import extract_markdown

        return Source(path, extract_markdown(text), encoding)
    if fmt == "html":
        from .extract.html import extract_html

        return Source(path, extract_html(text), encoding)
    from .extract.plain import extract_plain

    return Source(path, extract_plain(text), encoding)


def format_of(path: Path) -> str:
    return TEXT_SUFFIXES.get(path.suffix.lower(), "text")


def read_source(path: Path, max_bytes: int = MAX_INPUT_BYTES, fmt: str | None = None) -> Source:
    """Read and decode one file (see :func:`read_bytes`)."""
    return extract(read_bytes(path, max_bytes), str(path), fmt or format_of(path), max_bytes)


def read_bytes(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of one file. Only regular files are opened (a FIFO would block, a device never end), and
    never more than ``max_bytes`` are read, whatever the file system says its size is."""
    display = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(display, f"cannot be read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(display, f"is not a regular file ({_file_type(st.st_mode)}); only regular files are read")
        if st.st_size > max_bytes:
            raise InputError(display, f"is {st.st_size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit")
        raw = read_bounded(fd, max_bytes)
    except OSError as exc:
        raise InputError(display, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if raw is None:
        raise InputError(display, f"grew beyond the {max_bytes / 1e6:.0f} MB limit while it was read")
    return raw


class TimeLimit(Exception):
    """Raised inside a :func:`time_limit` block when its time is up."""


_TIME_LIMIT_RETRY = 0.02  # seconds of processor time before a swallowed TimeLimit is raised again


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimit` in the block after ``seconds`` of processor time (Unix, main thread; elsewhere
    no limit). Processor time, not wall time: a busy CI machine must not make a file time out."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_PROF)[0]  # someone else's timer is running: leave it alone
    ):
        yield
        return

    armed = [True]

    def expired(signum: int, frame: Any) -> None:
        if not armed[0]:
            return
        # Python drops an exception raised while a garbage-collector callback or __del__ runs, and so would the
        # block's own ``except Exception``: the timer goes off again shortly until TimeLimit reaches the caller.
        signal.setitimer(signal.ITIMER_PROF, _TIME_LIMIT_RETRY)
        raise TimeLimit()

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        while True:
            try:
                armed[0] = False  # first: from here on the handler raises nothing, even if the timer still fires
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, previous)
                break
            except TimeLimit:
                continue


def read_bounded(fd: int, max_bytes: int) -> bytes | None:
    """At most ``max_bytes`` from ``fd``; None when there is more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            return None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def compile_globs(patterns: Sequence[str], origin: str, numbered: bool = False) -> Any:
    """A gitignore-style matcher for ``patterns``; a :class:`UsageError` naming ``origin`` (and the line, for a
    file) when one is not a valid pattern."""
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(patterns)
    except Exception:
        pass
    for i, pattern in enumerate(patterns):
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:
            where = f"{origin}:{i + 1}" if numbered else origin
            raise UsageError(f"{where}: invalid pattern {pattern!r}: {exc}") from None
    raise UsageError(f"{origin}: invalid patterns")  # pragma: no cover - every pattern is valid on its own


def globs_match(spec: Any, path: str) -> bool:
    """``spec.match_file(path)`` for any file name, also one that is not valid UTF-8 (its undecodable bytes are
    read as U+FFFD, as the matcher needs valid Unicode)."""
    try:
        return bool(spec.match_file(path))
    except UnicodeEncodeError:
        return bool(spec.match_file(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")))


SkipFn = Callable[[str, str], None]


def iter_paths(
    target: Path,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = True,
    *,
    follow_symlinks: bool = False,
    on_skip: SkipFn | None = None,
    on_not_read: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Files to check under ``target``: the file itself, or the supported files in a folder, recursively.

    Hidden folders are skipped, .gitignore files are respected, ``include``/``exclude`` are glob patterns
    (gitignore syntax) relative to ``target``. Symbolic links are followed only while they stay inside
    ``target`` (anywhere with ``follow_symlinks``), each folder is visited once, so a link loop ends, and only
    regular files are yielded. What is passed over for those reasons, and folders that cannot be read, are
    reported to ``on_skip(path, reason)``; files whose type holds no copy (an image, a .csv) to
    ``on_not_read(path)``, unless hidden, excluded or ignored.
    """
    skip: SkipFn = on_skip or (lambda path, reason: None)
    if not target.is_dir():
        yield target
        return
    includes = compile_globs(include, "--include or config 'include'") if include else None
    excludes = compile_globs(exclude, "--exclude or config 'exclude'")
    ignores: list[tuple[Path, Any]] = []
    seen: set[tuple[int, int]] = set()
    root_real = os.path.realpath(target)

    def outside(path: Path) -> bool:
        real = os.path.realpath(path)
        return not (real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep))

    def unreadable(exc: OSError) -> None:
        skip(str(exc.filename), f"cannot be read: {exc.strerror or exc}")

    for root, dirs, files in os.walk(target, followlinks=True, onerror=unreadable):
        here = Path(root)
        try:
            st = os.stat(root)
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        if gitignore and (here / ".gitignore").is_file():
            try:
                lines = (here / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError as exc:
                skip(str(here / ".gitignore"), f"cannot be read: {exc.strerror or exc}; its patterns were not applied")
            else:
                ignores.append((here, compile_globs(lines, str(here / ".gitignore"), numbered=True)))

        def ignored(path: Path, is_dir: bool) -> bool:
            rel = path.relative_to(target).as_posix() + ("/" if is_dir else "")
            if globs_match(excludes, rel):
                return True
            for base, spec in ignores:
                if base in path.parents and globs_match(
                    spec, path.relative_to(base).as_posix() + ("/" if is_dir else "")
                ):
                    return True
            return False

        kept = []
        for d in sorted(dirs):
            if d.startswith(".") or ignored(here / d, True):
                continue
            if not follow_symlinks and os.path.islink(here / d) and outside(here / d):
                skip(str(here / d), _LINK_OUTSIDE)
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            path = here / name
            suffix = path.suffix.lower()
            if name.startswith(".") or ignored(path, False):
                continue
            if includes is not None and not globs_match(includes, path.relative_to(target).as_posix()):
                continue
            if suffix not in TEXT_SUFFIXES and suffix not in UNREAD_DOCUMENT_SUFFIXES:
                if on_not_read is not None:
                    on_not_read(path)
                continue
            if os.path.islink(path):
                if not os.path.exists(path):
                    skip(str(path), "is a broken symbolic link")
                    continue
                if not follow_symlinks and outside(path):
                    skip(str(path), _LINK_OUTSIDE)
                    continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                skip(str(path), f"cannot be read: {exc.strerror or exc}")
                continue
            if not stat.S_ISREG(mode):
                skip(str(path), f"is not a regular file ({_file_type(mode)}); only regular files are read")
                continue
            yield path


_LINK_OUTSIDE = "is a symbolic link to outside the folder being checked; not followed (use --follow-symlinks)"


_PRIVACY = lazy_regex(
    r"隐私(?:权|保护)?(?:政策|条款|声明|指引|协议)|个人信息(?:保护政策|处理规则|授权书|收集清单|共享清单)|"
    r"privacy policy"
)
_TERMS = lazy_regex(
    r"(?:服务|用户|会员|注册|借款|贷款|信用卡|领用|购买|产品|保险|理财|基金)(?:协议|合同|条款|章程)|协议条款|格式条款"
)

# A title line: short, no sentence end inside, naming a policy (privacy) or an agreement, rules or a notice
# that binds (terms). A title starts a section of that kind. 规则, 细则, 须知 (and its common misspelling 需知),
# 公约 bind whatever they are about; 政策 and 指引 only as the service's own (退换货政策, 用户指引): 优惠政策 and
# 购买指引 sell. Bare 说明 stays out: 收费说明 and 产品说明 are headings of selling copy, as 收益规则 is.
_PRIVACY_TITLE = lazy_regex(
    r"隐私|个人信息(?:保护|处理|收集|授权|共享)|(?:sdk|权限)(?:清单|列表|说明|目录|申请|使用)|"
    # a permission prompt's title: 开启通知权限, 允许访问位置信息, 授权获取通讯录
    r"(?:开启|授权|允许)[^，。\n]{0,8}?(?:权限|访问|获取|读取)|第三方(?:sdk|共享)|(?:数据|cookies?)政策|privacy",
    re.IGNORECASE,
)
_TERMS_TITLE = lazy_regex(
    r"协议|合同|条款(?:(?:和|及|与)条件)?|章程|(?<!收益)(?<!计息)(?<!分红)(?<!返利)规则|细则|[须需]知|公约|(?:退换货|退货|退款|售后|服务|会员|使用)政策|(?:服务|用户|使用|操作|办理)指引|提示书|揭示书|说明书|告知书|声明|守则|"
    r"terms|agreement|conditions",
    re.IGNORECASE,
)
# Structure: what each kind of text is made of, counted over a section.
#
# Python's re skips straight to the places where a match can start only when every alternative opens with a
# plain character that has no case; otherwise it tries every alternative at every position (5 to 10 times
# slower on these lists). So every alternative below opens with a character, not a class or group; and the
# privacy list, whose Latin words need IGNORECASE, is counted in two parts (see _privacy_signs).
_PRIVACY_SIGN_WORDS = (
    r"个人(?:敏感)?信息",
    "隐私",
    "敏感信息",
    "生物识别",
    "人脸",
    "指纹",
    "设备(?:标识|识别码|信息)",
    "imei",
    "mac地址",
    "android ?id",
    "idfa",
    "sdk",
    "权限",
    "定位",
    "位置信息",
    "通讯录",
    "相册",
    "麦克风",
    "摄像头",
    "cookie",
    "收集",
    "采集",
    "授权我们",
    "撤回(?:同意|授权)",
    # sharing data (共享您的信息, 共享、转让), not a shared power bank or bicycle
    "共享(?=[、,;:，；：。您个信数资给予至的与和及或用客会账\\s]|$)",
    "委托处理",
    "注销账[号户]",
    "自动化决策",
    "个性化(?:推荐|推送|广告|展示)",
    "用户画像",
    # a permission prompt or a permission list: what the app asks for and the text naming itself a policy
    "获取您的",
    # an authorisation that hands over data (授权我行查询, 授权被授权方获取), not a product's 授权出借
    "授权(?:我们|我行|我司|本|平台|第三方|被授权方|[^。,;\\n]{0,6}(?:信息|查询|获取|收集|使用|提供|共享|访问))",
    "您授权",
    "本(?:隐私)?政策",
    "画像",
    "permission",
    # the same words in an English or bilingual notice
    "personal (?:information|data)",
    "third[ -]part(?:y|ies)",
)
_PRIVACY_SIGNS = lazy_regex("|".join(_PRIVACY_SIGN_WORDS), re.IGNORECASE)
_PRIVACY_SIGNS_HAN = lazy_regex("|".join(w for w in _PRIVACY_SIGN_WORDS if not w[0].isascii()))
_LATIN_WORDS = [w for w in _PRIVACY_SIGN_WORDS if w[0].isascii()]
# The letters the Latin words open with, in either case, and the non-ASCII letters IGNORECASE takes for them (İ and
# ı for i, ſ for s, the Kelvin sign for k).
_LATIN_FIRST = "".join(
    sorted({c for w in _LATIN_WORDS for c in (w[0].lower(), w[0].upper())} | {"\u0130", "\u0131", "\u017f", "\u212a"})
)
# The Latin list, case-insensitive, behind a class without case: re then skips straight to the letters a word can
# open with (as it does for the Chinese list) instead of trying every word at every position. Each word's first
# letter is read again by a look-behind with the word's own case rule, so the class may hold a letter no word
# opens with, and every match is the one the plain case-insensitive list finds.
_PRIVACY_SIGNS_LATIN = lazy_regex(f"[{_LATIN_FIRST}](?i:" + "|".join(f"(?<={w[0]}){w[1:]}" for w in _LATIN_WORDS) + ")")


def _privacy_signs(text: str) -> int:
    """``len(_PRIVACY_SIGNS.findall(text))``, counted as its Chinese words plus its Latin words: a match of one
    never shares a character with a match of the other (the only Chinese in the Latin words is 地址, which no
    Chinese word holds), so the two counts add up to the whole list's, and both lists are fast."""
    return len(_PRIVACY_SIGNS_HAN.findall(text)) + len(_PRIVACY_SIGNS_LATIN.findall(text))


# What a binding text calls itself after 本 (本协议, 本规则): a sign of terms (_TERMS_STRONG) and, counted, of terms
# that are the text itself rather than a story about them (_SELF_NAMED).
_TEXT_NAMES = "协议|合同|条款|规则|须知|章程|细则"

# Terms signs in two weights. What only a binding text says counts double: the parties (甲方/乙方, 双方), the
# text naming itself (本协议, 本规则), breach, disputes and deemed acts. Obligations, validity, the roles of an
# insurance contract and a disclosure's own words count once: a product page and a regulator's guideline say
# 应当, 不得, 被保险人 and 谨慎投资 too.
_TERMS_STRONG = lazy_regex(
    # (视为 as a clause deems, 视为同意, 均视为违约; not a thing commonly regarded as something, 均被视为避险天堂). The
    # look-behinds come after 视 so that every alternative still opens with a plain character, which lets the search
    # skip to where one can start: put first, they made this search ten times slower on every section.
    r"甲方|乙方|丙方|本(?:" + _TEXT_NAMES + r"|活动|办法)|双方|违约|仲裁|管辖|"
    r"视(?<![均都遍泛常来也曾]被视)(?<!广泛视)为|解释权|免责|责任免除|争议"
)
_TERMS_SIGNS = lazy_regex(
    r"有权|不得|应当|约定|承担[^。\n]{0,6}责任|诉讼|生效|终止|解除|投保人|被保险人|受益人|保险人|犹豫期|等待期|"
    r"知悉|理解并同意|以[^。\n]{0,8}为准|有效期|不可兑换|不找零|不兑现|积分|概不|须|不予|予以|扣除|"
    # a risk disclosure's own words (not 风险提示 or 风险因素: a fund's or a loan's own page carries those headings)
    r"本(?:说明书|提示书|揭示书|声明)|谨慎(?:投资|决策)|风险揭示|特向您提示|请您(?:仔细|认真)阅读|风险承受能力|风险评级|充分(?:认识|了解)|本提示|敬请"
)
# A party bound by the text: a party named by its role, then what it must, may not or agrees to do (用户应,
# 您同意, 出借人应根据, 借款人须, 会员不得, 您确认); and the operator keeping a right or refusing something
# (保留…的权利, 不对…负责, 不承担, 不予退还, 不可提现): what a clause says and copy does not.
_BINDING_ACTS = r"(?:应(?!用)|须|必须|不得|同意|确认|承诺|保证|自行|接受|有权)"
_BOUND_PARTIES = ("您", "用户", "会员", "客户", "消费者", "学员", "出借人", "借款人", "贷款人", "持卡人", "投保人",
                  "买方", "卖方", "买受人", "承租人", "本人", "双方")  # fmt: skip
# (each alternative opens with a plain character, so the search skips to where one can start: see above)
_TERMS_PARTIES = lazy_regex(
    "|".join(party + _BINDING_ACTS for party in _BOUND_PARTIES)
    + r"|保留[^。;；\n]{0,16}权利|不(?:需|必)?对[^。;；,，\n]{0,12}(?:负责|承担)|不承担|不负责|"
    r"不(?:予|可|能|得)?(?:退|提现|兑换|转让|转借|延期|补发)|不适用|除外"
)
# A clause that sets a condition the way a contract is drafted: "逾期未还款的，" "用户违反本协议的，". Not a
# statement closed by 是…的 (收益是浮动的，这款产品是适合老人的；): that is how an article describes, not a condition.
_TERMS_CONDITION = lazy_regex(r"(?:^|(?<=[,;，；。!?！？\n]))[^,;，；。!?！？\n是]{1,40}的[,;，；](?!\n)")
_MARKETING_SIGNS = lazy_regex(
    r"!|！|立即|马上|赶快|抢购|限时|热销|热卖|优惠|特价|折扣|低至|送(?<![推发传配报运输递寄护押]送)|火爆|尊享|首选|"
    r"最[^终后初近多少低高小大新]|"
    r"收益率|年化|起购|起投|抢|欢迎|热线|扫码|点击|下载|开户|了解更多|记者|报道|据悉|曝光|"
    r"处罚|罚款|查处|违法广告|虚假广告|广告法|"
    # what the text is about: ads and their claims (a regulator's list of what an ad may not say is about selling,
    # however many 不得 it holds)
    r"广告(?<!个性化广告)|宣传|推广|营销|代言|推介"
)
# Handling someone's data: a verb of processing (收集, 使用, 共享, 存储, 删除, 提供 …) with, a few characters on, the
# data of a person (您的信息, 用户数据, 身份信息, 手机号码, 设备信息, 征信记录). A privacy notice and a data clause are
# made of such acts, whatever their title; copy mentions data rarely, and never as something it processes.
_DATA_ACTS = lazy_regex(
    r"(?:收集|采集|使用|共享|存储|储存|保存|保留|删除|提供|披露|转让|处理|查询|上传|获取|读取|传输|公开|调取|报送|访问|识别)"
    r"[^。;；\n]{0,10}?(?:(?:您|用户|个人|本人)[^。;；,，\n]{0,8}?|(?:身份|联系|手机|设备|账[户号]|交易|征信|信用|位置|行为|"
    r"浏览|生物|面部|人脸|借款|还款|通讯))"
    r"(?:信息|数据|资料|记录|号码|报告|特征|照片|图像|轨迹)"
)
# Money and rates: prices, premiums, yields and sums assured are what copy is made of; a clause names few. They
# count a third as much as a call to buy, and only against terms: fee tables, activity rules and a loan
# contract have them too, and a privacy notice names none.
_AMOUNTS = lazy_regex(r"[0-9](?:[0-9,.]*[0-9])?(?:%|％|万元|元|万|亿)")
_CLAUSE_NUMBER = lazy_regex(
    r"(?:^|\n)[ \t\u3000*#>|]*(?:第[一二三四五六七八九十百零0-9]+[条章节款]|[0-9]{1,2}(?:\.[0-9]{1,2})+|"
    r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[、.．)）](?![0-9]))"
)
_WE_YOU = lazy_regex(r"我们|我行|我司|本公司|本平台|本应用|本app")
_YOU = lazy_regex(r"您|你")


@dataclass(frozen=True)
class Section:
    """A part of a text, the kind of document it reads as and what it does: ``text[start:end]`` is ``kind``
    written as ``genre`` (see :func:`section_genre`)."""

    start: int
    end: int
    kind: str
    genre: str = "selling"


# The last answer is kept: an explainer's test reads the kind of the stretch whose kind detect_sections reads next.
@lru_cache(maxsize=1)
def section_kind(text: str) -> str:
    """The kind a stretch of text reads as, from its make-up rather than from a title.

    Privacy notices are dense in personal information, permissions, SDKs and 我们 … 您; terms are numbered
    clauses, parties (甲方/乙方), obligations (应当, 不得, 有权, 违约), conditions drafted as a contract drafts
    them (…的，) and references to the text itself (本协议, 本规则); marketing (the default) sells: rates, calls to
    act, praise, or reports on what others sold.
    """
    size = max(len(text), 1)
    privacy = _privacy_signs(text)
    privacy += len(_DATA_ACTS.findall(text))  # a data act counts once more beside the words it is made of
    strong = len(_TERMS_STRONG.findall(text))
    parties = len(_TERMS_PARTIES.findall(text))
    signs = len(_TERMS_SIGNS.findall(text))
    terms = 2 * strong + signs + parties
    # Each count is taken only when it can change the answer: most copy is marketing, decided by the first two.
    if (privacy and "个人信息" in text) or privacy >= 3:
        speaker = len(_WE_YOU.findall(text)) + len(_YOU.findall(text))
        privacy += min(speaker, privacy) // 2  # 我们 … 您 is how a privacy notice speaks
    if terms:
        clauses = len(_CLAUSE_NUMBER.findall(text))
        conditions = len(_TERMS_CONDITION.findall(text))
        # numbered lists are common in product pages too (a health food's list of functions, a franchise's steps):
        # they count only beside a word that only terms use or a party bound by the text, not beside a stray 须
        terms += (clauses // 2 if strong or parties or signs >= 3 else 0) + conditions
    per_k = 1000 / size
    maybe_privacy = privacy >= 2 and privacy * per_k >= 8 and privacy >= terms * 0.8
    maybe_terms = terms >= 3 and terms * per_k >= 8
    if not (maybe_privacy or maybe_terms):
        return "marketing"
    marketing = len(_MARKETING_SIGNS.findall(text))
    if maybe_privacy and privacy > marketing:
        return "privacy"
    if maybe_terms and terms > marketing + len(_AMOUNTS.findall(text)) // 3:
        return "terms"
    return "marketing"


# Genre: what a stretch of text does. Selling copy addresses a buyer; a penalty notice or a news story
# reports what someone else wrote; a consumer warning or investor education warns against it; a risk
# disclosure spells out a product's risks. Each is recognised by the words its structure needs.
_REPORT_SIGNS = lazy_regex(
    r"处罚决定书|行政处罚|当事人|经查|经调查|经核查|查明|广告费用|下架了?相关|违反(?:了)?《|违反[^。\n]{0,24}(?:规定|条例|第[一二三四五六七八九十百零0-9]+条)|"
    r"责令|罚款|罚没|没收|处以|立案|依据《[^》\n]{0,30}》第|依照《[^》\n]{0,30}》第|根据《[^》\n]{0,30}》第|作出[^。\n]{0,10}处罚|予以处罚|被(?:处|罚|查处|通报)|"
    r"涉案|涉嫌|涉事|案例|案件|法院|判决|原告|被告|记者|据[^。,\n]{0,12}报[道导]|报[道导](?:称|指出)|新华社|中新社|"
    r"综合媒体|媒体(?:报[道导]|透露)|日前|近日|据悉|据了解|获悉|消息[,:]|"
    r"通报|典型案例|监管局|监督管理局|工商局|工商行政管理局|银保监|证监局|金融监管|消协|消费者协会|该公司|该平台|该银行|"
    # a court case or a consumer body's complaint told as a story (a contract's own dispute clause says 纠纷, 调解,
    # 起诉, 审理, 律师费 and 法院 too, so those are not signs; and it acts 依据《借款服务协议》 or
    # 依据《征信业管理条例》, so a statute counts only with the article a decision applies; each verb is spelt out
    # rather than grouped, since an alternative opening with a group makes re try it at every position)
    r"案情|诉至|审结|法官|消保委|消费者权益保护委员会|"
    # a newspaper's or a news site's masthead and credits: 本报讯, 本报记者, 通讯员, 原标题, 责任编辑, a
    # repost's 本网转发 or 转载自, and 来源: naming a paper or a channel (来源:大众新闻; a fund's 数据来源:
    # and a trust's 还款来源: are not)
    r"本报讯|本报记者|本报热线|本报维权|通讯员|原标题|责任编辑|责编[:：]|转载自|本网转发|"
    # a wire's credit (【财华社讯】, 路透社)
    r"社讯|路透社|彭博社|美联社|法新社|"
    r"来源[:：][^\n:：]{0,12}(?:新闻|日报|晚报|早报|商报|时报|报社|电视台|客户端|新华社|中新社|周刊|杂志)"
)
_WARNING_SIGNS = lazy_regex(
    r"提醒(?:广大)?(?:金融)?(?:消费者|投资者|市民|群众|老年人|用户)|警惕|谨防|防范[^。,\n]{0,4}(?:诈骗|骗局|陷阱|非法|风险)|"
    r"切勿|不要轻信|勿信|擦亮眼睛|理性(?:消费|投资|看待)|套路|骗局|诈骗|陷阱|话术|误导|上当|受骗|维权|消费提示|消费警示|"
    r"风险警示|投资者教育|金融知识|以案说险|以案释法|应对建议|风险表现|自我保护|保护提示|合法权益|投诉至|"
    # commentary that takes a pitch apart: 所谓的保险理财, 看上去很美, 宣传中不断重复…, 包装成存款, 本质上是…; a
    # seller never calls its own copy 宣传语 (宣传语中涉及收益的描述需要投资者保持谨慎)
    r"所谓|真相|误区|噱头|揭秘|听起来|听落去|看上去|看似|你以为|宣传中|宣传页|宣传语|本质上|包装(?:成|为)|"
    # a pitch called what the writer thinks of it (天方夜谭, 割韭菜, 杀猪盘), or the trade named unlawful
    # (非法配资, 非法集资): no seller says either of itself. (忽悠, 诱导 and 画大饼 are left out: a soft
    # sell raises them as doubts to answer, and a notice of one case tells how its seller 诱导 a buyer.)
    r"天方夜谭|猫腻|割韭菜|杀猪盘|非法(?:集资|吸收|经营|配资|放贷|金融|证券|期货|平台)|"
    # the reader told to beware of a hidden cost (小心暗藏手续费), a pitch that fleeces (坑人), a worry under the
    # figures (隐忧). (踩坑 and 避坑 are left out: a lender's soft sell offers its 避坑指南.)
    r"小心(?:暗藏|陷阱|被坑|上当|受骗|套路|隐藏)|坑人|被坑|隐忧|"
    # selling called what a critic calls it (夸大宣传、违规宣传现象屡屡出现, 屡禁不止, 营销乱象): no seller says it of
    # its own copy, and a seller's pledge to avoid it (绝不夸大宣传) is one sign, short of the two a genre needs
    r"夸大宣传|违规宣传|虚假宣传|违规现象|屡禁不止|乱象"
)
_DISCLOSURE_SIGNS = lazy_regex(
    r"风险揭示|揭示书|产品说明书|招募说明书|风险因素|市场风险|信用风险|流动性风险|政策风险|利率风险|"
    r"汇率风险|操作风险|管理风险|提前终止风险|再投资风险|不可抗力风险|信息传递风险|兑付延期风险|估值风险|投资者(?:声明|确认)|本人已(?:经)?(?:阅读|知悉|充分)|特别提示|重要提示|风险承受能力|风险等级"
)
# A product's terms are among the calls to buy, but count half (see section_genre). A newspaper's 新闻热线 or 维权热线
# is the reader's line to the reporter, not to a seller; 抢眼 is what stands out, not a rush to buy.
_PRODUCT_TERMS = lazy_regex(r"投资门槛|投资期限|产品期限|期限灵活|年化|收益率|利率")
_SELLING_SIGNS = lazy_regex(
    r"您|立即|马上|赶快|赶紧|快来|速来|抢购|抢[^劫险眼]|认购|申购|起购|起投|购买渠道|购买方式|扫码|扫一扫|点击|注册|下载|开户|"
    r"热线(?<!新闻热线)(?<!维权热线)|咨询|预约|欢迎|限时|限量|加息|红包|赠|送|优惠|特价|折扣|低至|首投|新手|专享|尊享|选择我们|加入我们|即可|"
    + _PRODUCT_TERMS.pattern
)


def _each(heads: str, tail: str) -> str:
    """``(?:a|b|c)tail`` written as ``a(?:tail)|b(?:tail)|c(?:tail)``.

    Python's re skips straight to where a match can start only when every alternative of a list opens with a
    plain character (the structure signs above are written so); one alternative opening with a group or a class
    makes it try the whole list at every position. _NARRATION is searched in every sentence of a long text, so
    its alternatives that share a tail are written out one by one."""
    return "|".join(f"{head}(?:{tail})" for head in heads.split("|"))


# Narration: a sentence that tells about a seller, a claim or a case instead of speaking to a buyer. News, court
# reports, regulators' explainers and commentary are made of such sentences; copy, even copy that tells a story,
# keeps turning to its reader. A sentence narrates when it has one of these signs and no sign of address
# (_ADDRESS): a firm in the third person or anonymised (该公司, 某银行, 张某), reported speech (称, 宣称, 表示,
# 介绍说, 打出…旗号), the date of an event (近日, 日前, 8月5日,), the buyer in the third person (消费者, 投资者), a
# court's or regulator's words (_REPORT_SIGNS), an explainer's question (什么是, 为什么, 问: / 答:), example words
# listed (如…等, 例如…等), and a claim set up to be refuted (哪有, 所谓, 并非, 不等于). Full-width punctuation is
# folded before genres are read on a checked text, so both forms are listed for the tests that call them directly.
# The buyer or an adviser in the third person (投资人, 律师) also fills a seller's own page about itself (向投资人展示
# 项目信息, 协议由专业律师拟定): alone, such sentences do not make a text tell rather than sell (_narrates).
_BUYERS_AND_ADVISERS = "消费者|投资者|投资人|基民|股民|储户|市民|群众|专家|律师"
_TELLING = (
    r"该(?:公司|行|机构|平台|企业|网站|银行|产品|店|商家|医院|门店|网店|款|险种|app)|某|"
    + _each(
        "宣|声|号|自|谎|回应|透露|报道|人士|负责人|人员|客服|业务员|对方|他|她|其|还|并|也|则|资料|材料|公告|文章|报告",
        "称",
    )
    + r"|称[“\"「]|表示|指出|介绍说|透露|坦言|"
    r"据(?:介绍|了解|悉|报道|统计|调查)|打出[^。\n]{0,12}(?:旗号|招牌|口号)|"
    # 8月5日, (a search only asks whether there is one: 15日, holds 5日, too)
    r"近日|日前|近期|此前|今年以来|去年|昨日|当天|当日|日(?<=[0-9]日)[,，]|"
    # a regulator's document told about: 下发《…指引》, 通知明确要求
    + _each("下发|印发|发布|出台|公布|颁布|施行|实施", "(?:了)?《")
    + "|"
    + _each("通知|新规|办法|指引|意见|文件", "(?:明确|要求|规定|指出|提出)")
    + r"|记者|业内人士|监管部门|"
    # a person told about in the third person, as a story of one buyer tells it (她, 他, 老人, 阿姨; not 其他, 吉他)
    r"她|他(?<![其吉]他)|老人|阿姨|大爷|大妈|老太太|老伯|"
    r"问[:：]|答[:：]|什么是|是什么|为什么|为何|怎么回事|如何看待|"
    # (a bare 如 is also "if", as in a contract's 如需退费,应提供发票、收据等: it lists examples only before a quote)
    + _each("例如|诸如|比如|譬如", r"[^。\n]{2,40}?等")
    + r"|如[“\"「『][^。\n]{1,40}?等|哪有|哪里有|所谓|并非|不等于|不等同于|并不意味|并不代表|并不能代表|"
    # some firm, unnamed (一家互联网平台, 部分机构), or a class of products talked about (此类产品), or an ad's words
    # talked about (宣传中, 广告语)
    + _each(
        "一家|一些|部分|不少|有的|个别|多家|某些",
        r"[^。!?,;\n，；]{0,10}?(?:公司|平台|机构|银行|商家|企业|网店|门店|网站|券商)",
    )
    + "|"
    + _each("这类|此类|该类|这种|这些", "(?:产品|保险|理财|贷款|平台|机构|宣传|广告)")
    + "|"
    + _each("宣传|广告|推介", "(?:中|页|语|材料|单页)")
    + "|"
    + _REPORT_SIGNS.pattern
    + "|"
    + _WARNING_SIGNS.pattern
)
_NARRATION = lazy_regex(_TELLING + "|" + _BUYERS_AND_ADVISERS, re.IGNORECASE)
_TELLS_MORE = lazy_regex(_TELLING, re.IGNORECASE)  # a narration sign other than a buyer or an adviser named
# Address: a sentence that speaks to the buyer (您, 你), speaks as the seller (我们, 我行, 本公司), or asks to act.
_ADDRESS = lazy_regex(
    r"您|你|我们|我行|我司|本公司|本平台|本行|立即|马上|赶快|赶紧|快来|扫码|扫一扫|点击|热线|预约|咨询|欢迎|限时|"
    r"抢购|立享|即可|加入|选择我们|起投|起购|认购|申购|注册|下载"
)
_SENTENCE = lazy_regex(r"[^。!?！？\n]+")
# a quotation that holds no opening mark of its kind: a run of opening marks costs one pass, not one per mark
_QUOTED = lazy_regex(r"“[^“”]*”|「[^「」]*」|『[^『』]*』|\"[^\"]*\"")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` stands inside quotation marks (the marks included), as the genre reading sees quotes."""
    return [m.span() for m in _QUOTED.finditer(text)]


# The words of a penalty notice or a judgment: an account of one penalised ad stays a report, which quotes the ad.
_PENALTY = lazy_regex(
    r"当事人|经查|查明|责令|罚款|罚没|没收|处以|处罚决定|行政处罚|立案|判决|原告|被告|违反《|依据《|依照《"
)
_NARRATED = 6  # narrating sentences a text needs before it reads as talk about claims
_OTHER_SIGNS = 2  # of them, sentences that tell or explain more than a buyer or an adviser named


def _narrates(text: str) -> bool:
    """Whether ``text`` tells rather than sells: at least _NARRATED sentences narrate, three times as many as
    address a buyer, and it is no penalty notice (two of its words). Two of them must tell or explain more than a
    buyer or an adviser in the third person: a seller's own page names its 投资人 and its 律师 too.

    Address is looked for first and narration only in the other sentences, until enough are found or too few are
    left: the narration signs are many, and one search of them costs as much as all the other genre signs
    together."""
    if len(_PENALTY.findall(text)) >= 2:
        return False
    sentences = _SENTENCE.findall(text)
    if len(sentences) < _NARRATED:
        return False  # too few sentences to tell: short copy ends here
    # quoted words are talked about: “扫码送礼” asks no one
    plain = [s for s in sentences if not _ADDRESS.search(_QUOTED.sub("", s))]
    needed = max(_NARRATED, 3 * (len(sentences) - len(plain)))
    if len(plain) < needed:
        return False
    narrated = other_signs = 0
    for i, sentence in enumerate(plain):
        if _NARRATION.search(sentence):
            narrated += 1
            if other_signs < _OTHER_SIGNS and (_TELLS_MORE.search(sentence) or _EXPLANATION.search(sentence)):
                other_signs += 1
            if narrated >= needed and other_signs >= _OTHER_SIGNS:
                return True
        elif narrated + len(plain) - i - 1 < needed:
            return False  # the sentences left cannot make up the number
    return False


# Explanation: a sentence that explains a class of products or how something works, as an encyclopedia entry, an
# explainer, a Q&A or a comparison does: a definition (是指, 是一种), a generic subject (很多人, 大家, 一般人), how
# things usually are (一般来说, 通常, 大多, 多数), a comparison (区别, 相比, 优缺点), an example set up (举个例子,
# 打个比方, 假设), the article naming itself (本文, 盘点, 科普, 攻略), a question (什么是, 如何, 怎么, 哪些, …?),
# kinds listed (分为三类, 常见的有), a belief corrected (其实, 实际上) or a sum worked out (估算, 换算).
_EXPLANATION = lazy_regex(
    r"是指|指的是|是一种|是一类|简单来说|简单说|通俗|换句话说|也就是说|一般来说|一般而言|通常|一般|往往|大多|多数|大部分|"
    r"区别|差异|相比|对比|优点|缺点|优势|劣势|取决于|需要注意|要注意|需注意|注意|举个例子|打个比方|假设|很多人|不少人|大家|"
    r"人们|普通人|一般人|老百姓|本文|文章|盘点|科普|攻略|解析|详解|一文|小编|笔者|咱们|\?|？|吗|如何|怎么|怎样|哪些|哪种|什么|"
    # kinds listed: 分为三类, 主要有, 常见的有, 几种类型
    r"分为|分成|主要有|常见的有|类型|种类|两类|三类|四类|五类|几类|两种|三种|四种|五种|几种|多种|"
    # a belief corrected (其实, 实际上), a sum worked out (估算, 换算, 公式)
    r"其实|实际上|事实上|估算|换算|折算|公式|举例|为例|举个栗子|"
    # a guide's advice and reasons, as consumer guides on skin care, health or treatments give them (建议选择正规医院,
    # 作用原理, 研究表明, 数据显示, 因人而异, 适合…人群)
    r"建议|原理|机制|研究表明|研究显示|研究发现|数据显示|因人而异|适合[^。,，\n]{0,8}人群|选择时|如何选择|怎么选"
)
# A call to buy or the seller speaking: what copy does and an explainer never does (你 is left out: explainers say it
# to their reader as often as ads do).
_CALL = lazy_regex(
    # (赶快就医 and 咨询医生 advise the reader to see a doctor, 抢眼 says what stands out and an exam's 预报名 when it
    # opens: no call to buy)
    r"您|立即|马上|赶快(?!就医|就诊|去医院)|赶紧(?!就医|就诊|去医院)|快来|速来|抢购|抢[^劫险眼]|立享|扫码|扫一扫|热线|预约|"
    r"咨询(?!医生|医师|药师|药剂师|专业医生|律师)|欢迎(?<!受欢迎)|限时|限量|"
    r"下载|开户|致电|拨打|详询|私信|名额|即刻|报名(?<!预报名)|我行|本行|我司|本公司|本平台|本店|选择我们|加入我们|即可(?:享|获|领|参加|参与|申请|购买|办理|开通|借|使用)|"
    # urgency presses a buyer to act now: 仅剩, 最后一天, 错过, 售完即止, 倒计时, 先到先得
    r"仅剩|仅限|最后[0-9一二两三](?:天|日|波|批|轮|期|小时|个名额|次机会)|错过|售完|售罄|停售|倒计时|抓紧|先到先得|手慢无|涨价|"
    # a franchisor recruiting: 加盟理由, 诚招代理, 招募城市合伙人 (加盟费 and 加盟流程 are also what a guide to
    # franchising explains, and are not read)
    r"加盟(?:理由|优势|政策|热线)|招商热线|诚招|诚邀(?:加盟|合作|代理)|欢迎加盟|招募(?:城市|区域)?合伙人"
)
# An offer or a way in (红包, 加息券, 起投, 起购, 申购, 注册, 优惠): a call when copy holds it out, but also the name of
# what a class of products gives or asks (平台发放的红包主要分为两类, 一般1000元就可起购). It counts as a call only in a
# sentence that neither explains nor narrates.
_OFFER = lazy_regex(
    r"红包|加息|福利|专享|尊享|秒杀|可享|优惠|特价|折扣|低至|赠送|免费送|免费领|认购|申购|起购|起投|注册|点击"
)


# A numbered heading that names a topic (02 红包, 三、加息券): what the next lines explain, not an offer.
_TOPIC_HEAD = lazy_regex(r"\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})[ .、:：)）]*[^ ,，:：]{1,8}\s*$")

# One product worked through (一款, 本产品, or the seller's 本品): the text sells it, however much it explains.
_ONE_PRODUCT = lazy_regex(r"一款|本产品|本品")
# … or one insurance product named, in quotation marks or by its model, before its class (某某人寿推出的“福樽享C款”
# 终身寿险, 金满意足A款年金险; a bare 鑫福一生年金险 is not caught): an explainer names classes of product, a soft
# article the one it sells.
_NAMED_PRODUCT = lazy_regex(
    r"[“「『][^“”「」『』\n]{2,16}[”」』](?:[0-9a-zA-Z]{0,3})(?:终身寿险|寿险|年金险|年金保险|两全保险|两全险|重疾险|"
    r"重大疾病保险|医疗险|医疗保险|护理保险|护理险|万能险|分红险)|"
    r"[0-9a-zA-Z一-龥]{2,8}[A-Z0-9]款(?:增额)?(?:终身寿险|年金险|年金保险|两全保险|重疾险|医疗险|护理保险)"
)
# One product's particulars set out field by field (投保年龄:0-60岁, 交费期间:3年、6年交, 保障期限:终身): a class of
# product has ranges of these, not a value under each label. Two different labels are needed, since an explainer
# may show one as an example.
# (The labels are the ones a product sheet lays out line by line, _SHEET_FIELD.)
_FIELD_LABELS = (
    r"投保年龄|交费期间|缴费期间|交费期限|缴费期限|交费方式|缴费方式|保障期限|保险期间|保障期间|承保职业|等待期|基本保额|"
    r"起购金额|起投金额|认购起点|加入金额|认购金额|投资金额|产品期限|投资期限|封闭期限|项目期限|风险等级|业绩比较基准|"
    r"预期年化收益率?|年化收益率|产品类型|产品名称|保险公司|还款方式|付息方式|计息方式|收益方式|退出方式|赎回方式|起息日|"
    r"到期日|募集期|认购期|加入条件|加入上限|投资上限"
)
_PRODUCT_FIELD = lazy_regex(r"(" + _FIELD_LABELS + r")\s*:")
# A firm praised by the text that explains its products (作为全球领先的加密货币交易所, 国内头部金融机构, 为用户提供…):
# a soft article (软文) written for the firm, not an encyclopedia entry, which names firms without ranking them.
_FIRM_PRAISED = lazy_regex(
    r"(?:全球|国内|行业|业内|国际)(?:领先|知名|著名|头部|一流)|作为[^。,，\n]{0,12}(?:领先|知名|头部|著名|最大)|"
    r"为(?:用户|投资者|客户|交易者|投资人)[^。\n]{0,10}提供"
)


def _explains(text: str) -> bool:
    """Whether ``text`` explains products in its own right, as an encyclopedia entry, a Q&A or a comparison does:
    outside quotation marks nothing calls to buy or speaks as the seller (_CALL), it works through no one product
    (一款, 本产品, or one product's particulars under their labels), praises no firm it names (_FIRM_PRAISED: that
    is a soft article) and quotes no copy that calls to buy (the account of one ad is checked as that ad), it is
    neither a penalty notice nor drafted as terms or a privacy notice, and at least three of its sentences, a
    quarter of them, explain (_EXPLANATION) or narrate (_NARRATION). Short texts count: three sentences are enough.

    Most copy calls to buy somewhere, so that is looked for first, on the whole text at once."""
    unquoted = _QUOTED.sub("", text)
    if _CALL.search(unquoted) or _ONE_PRODUCT.search(unquoted) or _PENALTY.search(text) or _NAMED_PRODUCT.search(text):
        return False
    if len(set(_PRODUCT_FIELD.findall(unquoted))) >= 2:
        return False
    if _FIRM_PRAISED.search(unquoted):
        return False
    if len(_SENTENCE.findall(unquoted)) < 3:
        return False
    sentences = _SENTENCE.findall(text)
    # Quoted copy that calls to buy (or holds out an offer): the account of one ad is checked as that ad, but a long
    # explainer that quotes a typical SMS or slogan as its example (six explaining sentences, a third of them) stays
    # one. A text too short for six is settled here, before its sentences are read.
    quotes_a_call = any(_CALL.search(quoted) for quoted in _QUOTED.findall(text))
    if quotes_a_call and len(sentences) < 6:
        return False
    explained = 0
    for sentence in sentences:
        plain = _QUOTED.sub("", sentence)
        explains = bool(_EXPLANATION.search(plain) or _NARRATION.search(plain))
        offers = len(set(_OFFER.findall(sentence)))  # kinds of offer: 抵扣红包和返现红包 names one
        if offers > 2 or (offers and not explains and not _TOPIC_HEAD.match(sentence)):
            # an offer held out (新人专享红包), or offers of three kinds piled up in one sentence (申购1折优惠,
            # 新用户注册还送加息券): an explaining sentence names one or two as what it explains. An offer only
            # inside quotes (“注册即送”) is quoted copy, weighed with the calls above.
            if offers > 2 or _OFFER.search(plain):
                return False
            quotes_a_call = True
        explained += explains
    if quotes_a_call and (explained < 6 or 3 * explained < len(sentences)):
        return False
    return explained >= 3 and 4 * explained >= len(sentences) and section_kind(text) == "marketing"


# One case told: the firm referred back to (该店, 该公司, 当事人) and nothing that tells of several cases or warns.
_ONE_FIRM = lazy_regex(
    r"该(?:公司|店|平台|机构|企业|银行|商家|医院|门店|网店|app|美容院|诊所|学校)|当事人", re.IGNORECASE
)
_SEVERAL_CASES = lazy_regex(
    r"多家|多起|多名|多个|部分|一些|不少|有的|某些|个别|此类|这类|该类|类似|典型|案例[一二三四五六七八九十0-9]|"
    r"一是|二是|其一|其二|另一|另外一|第二起|第二个|[一二三四五六七八九十][、.]"
)


def _one_case(text: str) -> bool:
    """Whether a narrating ``text`` tells one case (the account of one seller, labelled as that seller's copy) rather
    than several or a warning: it refers back to one firm at least twice, names no other, and has no warning sign."""
    return len(_ONE_FIRM.findall(text)) >= 2 and not _SEVERAL_CASES.search(text) and not _WARNING_SIGNS.search(text)


# A story in its own right, not a notice's account of one ad: it gives the reader advice (提醒消费者, 消费者要,
# 切勿, 谨防), tells a court case (法院, 判决, 诉至: a dispute between a buyer and a seller, whose pitch was never an
# ad), or lists several cases (案例二, 查处4起…案件, 案件12起, a campaign: 专项整治; not 典型案例, which a notice of one
# case is published as).
_ADVICE = lazy_regex(
    r"提醒(?:广大|各位)?(?:金融)?(?:消费者|投资者|市民|群众|老年人|用户|我们|大家)|"
    r"消费者(?:一定|务必|千万)?(?:要(?!求)|应(?:当|该)?|需要|须|切记)|投资者(?:一定|务必|千万)?(?:要(?!求)|应(?:当|该)?|需要|须|切记)|"
    r"切勿|谨防|警惕|擦亮眼睛|建议(?:广大)?(?:消费者|投资者|大家|市民)"
)
_COURT = lazy_regex(r"法院|法官|判决|诉至|诉称|起诉|诉状|原告|被告|一审|二审|终审|再审")
# A consumer's dispute with a seller told by a newspaper (向…投诉, 要求退费却被拒, 维权): the story of a quarrel over a
# refund, whose pitch was never an ad, as a court case is; two different words of it, and no sign of a penalty notice.
_DISPUTE = lazy_regex(r"投诉|维权|纠纷|索赔|退费|退款|拒退|不予退还")
_CASES = lazy_regex(
    r"案例[一二三四五六七八九十0-9]|[0-9两三四五六七八九十]+起[^。\n]{0,12}(?:案件|案例)|第二起|另(?:外)?一起|"
    r"(?:案件|案例)[0-9两三四五六七八九十百]+起|"
    # a campaign against a kind of ad, told by the regulator or the news: the ads it names are its examples
    r"专项整治|专项行动|集中整治|专项检查|专项执法|排查整治|整治行动|"
    # several firms dealt with at once (15家发布违法广告的医疗机构)
    r"[0-9两三四五六七八九十]+家[^。\n]{0,16}(?:医疗机构|机构|单位|企业|公司|商家|平台|门店|医院|药店|诊所)"
)


def _in_own_right(unquoted: str) -> bool:
    """Whether a text that reports is a story in its own right rather than one notice's account of one ad: outside
    quotation marks (``unquoted`` is the text with them taken out) it advises its reader (twice: a notice may close
    on one reminder), tells a court case (three court words), tells several cases, or tells a consumer's dispute
    with a seller (two dispute words, no penalty)."""
    if len(_ADVICE.findall(unquoted)) >= 2 or len(_COURT.findall(unquoted)) >= 3 or bool(_CASES.search(unquoted)):
        return True
    return len(set(_DISPUTE.findall(unquoted))) >= 2 and not _PENALTY.search(unquoted)


_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"'}
_NOT_PROSE = frozenset(" \t\r\n\u3000,.;:!?、，。；：！？…()（）-—和及与等")
_GENRE_SIGNS = (("report", _REPORT_SIGNS), ("warning", _WARNING_SIGNS), ("disclosure", _DISCLOSURE_SIGNS))


# A product sheet's field labels, each opening a line (起投金额：1000元, 还款方式\n按月付息): the terms of an offer laid
# out for a buyer. A story or a notice tells them in sentences; four of them on their own lines make a sheet (a review
# that sets out the three basic terms of the policy it criticises, 投保年龄, 缴费期间, 保险期间, is still a review).
_SHEET_FIELD = lazy_regex(r"(?m)^[ \t*#]*(" + _FIELD_LABELS + r")[ \t]*(?::|\n|$)")
_SHEET_FIELDS_MIN = 4


def _is_product_sheet(text: str) -> bool:
    """Whether a text lays out an offer's terms field by field (:data:`_SHEET_FIELD`): copy, whatever its story signs
    (a P2P plan's page names its guarantor as 该公司 in its safety section)."""
    return len(set(_SHEET_FIELD.findall(text))) >= _SHEET_FIELDS_MIN


def section_genre(text: str) -> str:
    """What a stretch of text does, from its make-up: ``selling`` (the default: copy that addresses a buyer),
    ``report`` (a penalty notice or news story: 当事人, 经查, 违反…规定, 责令, 罚款, 记者, 据…报道, 日前),
    ``warning`` (a consumer warning or investor education: 提醒消费者, 警惕, 谨防, 套路, 骗局), ``disclosure`` (a
    risk disclosure or product statement: 风险揭示书, 产品说明书, 信用风险, 流动性风险), or ``quotation`` (nothing but
    words in quotation marks, as a notice quotes them: what the rest of the source said is not there).

    A genre other than selling needs at least two of its signs, more than the text's calls to buy (您, 立即,
    抢购, 认购, 起购, 扫码, 年化 …), and more than any other genre; when in doubt a text sells, so no check is
    lost on copy that only looks like a report.

    News, commentary and explainers in their own right talk about claims as a warning does and read as ``warning``,
    whatever their words of trade (a finance story says 年化, 收益率 and 利率 as often as an ad): they are told
    sentence by sentence (:func:`_narrates`), at least six sentences that narrate and three for each that addresses
    a buyer. A penalty notice stays a report: it is the account of one ad, and quotes it; so does a story that
    tells one seller's case and warns of nothing (:func:`_one_case`). A report in its own right warns
    (:func:`_in_own_right`): one that advises its reader, tells a court case or lists several cases.

    Copy that would otherwise sell reads as ``explainer`` when it explains products without selling one
    (:func:`_explains`), however short: an encyclopedia entry, a Q&A, a comparison of two kinds of product, a list
    of product types. Its claims are its own, so rules about claims still run on it; it owes no seller's disclosure.

    Terms that name themselves (:func:`_is_itself_terms`, :func:`_opens_with_its_own_title`) are never a report or a
    warning: their jurisdiction clause names a court (法院) and their clauses speak of the parties in the third person,
    as a report would, but they are what a report is about. They read as ``disclosure`` by its signs, else
    ``selling``.
    """
    genre = _genre_from_signs(text)
    if genre in ("report", "warning", "explainer") and _is_product_sheet(text):
        return "selling"
    if genre in ("report", "warning"):
        unquoted = _QUOTED.sub("", text)
        if _is_itself_terms(unquoted) or _opens_with_its_own_title(text):
            disclosure = len(_DISCLOSURE_SIGNS.findall(text))
            return "disclosure" if disclosure >= 2 and disclosure > _selling_count(unquoted) else "selling"
    return genre


def _selling_count(unquoted: str) -> int:
    """The calls to buy of a text with its quotations taken out. A product's terms (年化, 收益率, 利率, 投资期限) are
    said by a story about the product as often as by its copy: they count half as much as the calls themselves."""
    terms = len(_PRODUCT_TERMS.findall(unquoted))
    return len(_SELLING_SIGNS.findall(unquoted)) - terms + terms // 2


def _genre_from_signs(text: str) -> str:
    quotation = _quotation(text)
    if quotation:
        return "quotation"
    counts = [(genre, len(signs.findall(text))) for genre, signs in _GENRE_SIGNS]
    if all(count < 2 for _, count in counts):
        # no other genre has its two signs: the calls to buy need no counting, but the sentences may still tell
        if _narrates(text):
            return "report" if _one_case(text) else "warning"
        return "explainer" if _explains(text) else "selling"
    # Calls to buy inside quotation marks are the words a report or a warning talks about (以“赠送礼品”为由): they
    # count only outside them.
    unquoted = _QUOTED.sub("", text)
    selling = _selling_count(unquoted)
    best, score = "selling", 0
    for genre, count in counts:
        if count >= 2 and count > selling and count > score:
            best, score = genre, count
    if best == "selling":
        # A warning told through a case (警惕 … 该平台宣称“年化收益36%” … 案件) splits its signs between warning and
        # report; together they outweigh the quoted rates that read as calls to buy. It reads as the larger of the two.
        report, warning = counts[0][1], counts[1][1]
        if report >= 2 and warning >= 2 and report + warning > selling:
            best = "warning" if warning >= report else "report"
    if best == "report" and _in_own_right(unquoted):
        return "warning"
    if best in ("selling", "report") and _narrates(text):
        # news, commentary or an explainer in its own right: it talks about claims, as a warning does
        return "report" if _one_case(text) else "warning"
    if best == "selling" and _explains(text):
        return "explainer"
    return best


# A contract, rules or a policy names itself (本协议, 本合同, 本规则, 本政策); a story about one says 该合同 or
# quotes it.
_SELF_NAMED = lazy_regex(r"本(?:" + _TEXT_NAMES + r"|准则|政策|委托书|声明|约定|公约)")
_SELF_NAMED_MIN = 4


def _is_itself_terms(unquoted: str) -> bool:
    """Whether a text is the terms themselves: it names itself (本协议, 本合同 …) at least four times outside
    quotation marks (a lease agreement read as a story about one had every terms rule taken off it)."""
    return len(_SELF_NAMED.findall(unquoted)) >= _SELF_NAMED_MIN


_BRACKETED_LINE = lazy_regex(r"\A\s*《([^《》\n]{2,40})》\s*(?:\n|\Z)")


def _opens_with_its_own_title(text: str) -> bool:
    """Whether a text opens with a line that is nothing but a terms title in book-title marks (《二手交易规则》,
    《…押金监管协议》): the document's own name, as a story's headline never is (it says something about the terms)."""
    found = _BRACKETED_LINE.match(text)
    return found is not None and _title_kind(found.group(1)) == "terms"


def _quotation(text: str) -> bool:
    """Whether ``text`` is nothing but quoted words: it opens a quotation, and outside the quotation marks stand
    only punctuation and the words that join a list (、 和 及 等)."""
    body = text.strip()
    if not body or body[0] not in _QUOTE_PAIRS:
        return False
    closing = ""  # the mark that ends the quotation we are in; "" outside one
    for ch in body:  # one pass: a text full of opening marks must not cost a scan per mark
        if closing:
            if ch == closing:
                closing = ""
        elif ch in _QUOTE_PAIRS:
            closing = _QUOTE_PAIRS[ch]
        elif ch not in _NOT_PROSE:
            return False
    return not closing


# What may follow the name in a title: closing marks and a bracketed version or date (（2023年版）).
_TITLE_TAIL = lazy_regex(r"(?:[（(【\[][^）)】\]]{0,16}[）)】\]])?[》」』】>)）\]\s]*$")


def _title_kind(line: str) -> str | None:
    """The kind a title line names. A terms title ends with what the text is (…协议, …规则, …须知): a line that
    only mentions an agreement or rules (使用场景：合同签署, …对上述规则进行解释的权利) is no title."""
    if _PRIVACY.search(line) or _PRIVACY_TITLE.search(line):
        return "privacy"
    end = _TITLE_TAIL.search(line)
    head = line[: end.start()] if end else line
    for pattern in (_TERMS, _TERMS_TITLE):
        if any(m.end() == len(head) for m in pattern.finditer(head)):
            return "terms"
    return None


# A title that names one clause, not the text (提示条款, 保密条款, 免责条款): a policy has them as well as an agreement.
_CLAUSE_TITLE = lazy_regex(r"(?:提示|保密|免责|特别|重要|告知|授权)条款$")
_TITLE_BREAK = lazy_regex(r"[。!?！？，,；;]")
# Any of the title patterns, case-insensitive: one search rules out most lines before _title_kind looks closer.
_ANY_TITLE = lazy_regex(
    "|".join(f"(?:{r.pattern})" for r in (_PRIVACY, _PRIVACY_TITLE, _TERMS, _TERMS_TITLE)), re.IGNORECASE
)


def detect_sections(text: str) -> list[Section]:
    """Split ``text`` into sections of one kind each, covering it from start to end, in order.

    A title line (隐私政策, 用户协议, 活动规则, 投保提示书 …) starts a section of its kind; a stretch with no
    title reads as what it is made of (:func:`section_kind`). Neighbouring sections of the same kind merge, so a
    plain text is one section. Each section also carries its genre (:func:`section_genre`): whether it sells,
    or reports, warns, discloses or only quotes.
    """
    cuts: list[tuple[int, str | None]] = [(0, None)]
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip(" \t\u3000#*·:：")
        if 2 <= len(stripped) <= 30 and not _TITLE_BREAK.search(stripped):
            lowered = stripped.lower()
            kind = _title_kind(lowered) if _ANY_TITLE.search(lowered) else None
            if kind == "terms" and _CLAUSE_TITLE.search(lowered):
                kind = "clause"  # names one clause: the body decides (see below)
            if kind is not None:
                if pos == 0:
                    cuts[0] = (0, kind)
                else:
                    cuts.append((pos, kind))
        pos += len(line) + 1
    sections: list[Section] = []
    genres: dict[tuple[int, int], str] = {}  # each stretch's genre, read once
    for i, (start, titled) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        body = text[start:end]
        if titled == "clause":
            # 提示条款, 保密条款 head a privacy policy's preamble as often as an agreement's: terms unless the body
            # is made of personal information
            kind = "privacy" if section_kind(body) == "privacy" else "terms"
        elif titled is not None:
            kind = titled
        else:
            genre = genres[start, end] = section_genre(body)
            kind = _reported_kind(body, genre) if genre in ("report", "warning") else section_kind(body)
        if sections and sections[-1].kind == kind:
            sections[-1] = Section(sections[-1].start, end, kind)
        else:
            sections.append(Section(start, end, kind))
    return [
        Section(s.start, s.end, s.kind, genres.get((s.start, s.end)) or section_genre(text[s.start : s.end]))
        for s in sections
    ]


# What a report or a warning is about. A penalty notice, a news story or a consumer warning is not itself an
# agreement or a privacy notice however many 应当 and 不得 it holds: it reads as the kind of text it reports on.
_CONTRACT_TOPIC = lazy_regex(
    r"合同|协议|条款|预付|预存|办卡|充值|储值|会员卡|年卡|次卡|退费|退款|押金|定金|订金|违约|解约|霸王条款|格式条款"
)
_SELLING_TOPIC = lazy_regex(r"广告|宣传|营销|推销|销售|收益|理财|保险|基金|贷款|投资|存款|产品|代言")


def _reported_kind(text: str, genre: str) -> str:
    """The kind a report or a warning reads as: the kind of text it is about, where that is plain. Personal
    information as its subject makes it privacy; a warning about ads and products (not contracts, prepaid cards
    or refunds) is marketing. Otherwise, a penalty notice or a warning about contracts, its make-up decides."""
    privacy = _privacy_signs(text) + len(_DATA_ACTS.findall(text))
    contract = len(_CONTRACT_TOPIC.findall(text))
    selling = len(_SELLING_TOPIC.findall(text))
    if privacy >= 2 and privacy > contract and privacy > selling:
        return "privacy"
    if contract >= 3 and contract > 2 * selling:
        # about contracts, prepaid cards and refunds, and hardly about ads: what it warns of are terms, however
        # little it is drafted like them
        return "terms"
    if genre == "warning" and not (contract >= 3 and contract > selling):
        return "marketing"
    return section_kind(text)


_HEADING_BREAKS = lazy_regex(r"[。,;!?，；！？：:、…]")


def crosses_heading(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` runs from a heading into the line below it: a heading and the next line are
    not one phrase (产品收益 / 稳定可靠的团队 is no 收益稳定). A heading is a line of 2 to 20 characters with no
    punctuation that starts before the match; at least two characters of the match stand on each side of the
    break, so a word split over two lines (保 / 本, 本产品保 / 本保息) is still one phrase.

    Title lines (numbered sections, lines ending in 须知, 政策, 联系我们 …) keep their line break in the normalised
    text, so no match crosses them and rules can ask for one; this test covers the other short lines. It is
    applied to every hit before rules run (triggers, accepted phrasings and guards), and again to findings."""
    brk = text.find("\n", start, end)
    if brk < 0 or brk - start < 2 or end - brk - 1 < 2:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:brk].strip(" \t\u3000#*")
    return line_start < start and 2 <= len(line) <= 20 and not _HEADING_BREAKS.search(line)


def detect_kind(text: str) -> str:
    """The kind of most of ``text`` (by length): privacy notice, terms, or marketing (see detect_sections)."""
    sizes: dict[str, int] = {}
    for section in detect_sections(text):
        sizes[section.kind] = sizes.get(section.kind, 0) + section.end - section.start
    return max(sizes, key=lambda k: sizes[k]) if sizes else "marketing"
