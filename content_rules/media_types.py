"""What a file really is, from its first bytes, and whether the client said the same.

Only formats that a browser will not run as a document are allowed: no SVG, HTML or XML,
which could carry script served from our origin. The declared type must agree with the
bytes, so a file cannot be stored as one type and served as another.
"""

SNIFF_BYTES = 12

_MP4_BRANDS = {
    b"isom": "video/mp4",
    b"iso2": "video/mp4",
    b"iso4": "video/mp4",
    b"iso5": "video/mp4",
    b"iso6": "video/mp4",
    b"mp41": "video/mp4",
    b"mp42": "video/mp4",
    b"avc1": "video/mp4",
    b"dash": "video/mp4",
    b"M4V ": "video/mp4",
    b"M4A ": "audio/mp4",
}

ALLOWED_TYPES = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "audio/mpeg",
    "audio/mp4",
    "video/mp4",
)

# Other names clients use for the same formats.
_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "audio/mp3": "audio/mpeg",
    "audio/x-m4a": "audio/mp4",
}


def sniff(head: bytes) -> str | None:
    """The allowed content type that ``head`` (the first SNIFF_BYTES) starts, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return "audio/mpeg"
    if head[4:8] == b"ftyp":
        return _MP4_BRANDS.get(head[8:12])
    return None


def _is_mp3_frame(head: bytes) -> bool:
    """An MPEG audio Layer III frame header: 11 sync bits, then layer bits 01."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2


def canonical(declared: str) -> str:
    """A declared media type without parameters, lower-cased, aliases resolved."""
    bare = declared.split(";", 1)[0].strip().lower()
    return _ALIASES.get(bare, bare)
