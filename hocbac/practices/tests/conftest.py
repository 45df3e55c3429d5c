"""Fixtures of the models' tests: the seeded fields, a secretary of the other cell, a model the
ward launched and an own model of the cell, and photos made of real image bytes (1×1 images
written by hand here, so no imaging library is needed; each decodes with djpeg, dwebp and zlib)."""

import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_user
from hocbac.orgs import services as org_services
from hocbac.orgs.models import Role
from hocbac.practices import services
from hocbac.practices.models import Field

LAUNCHED_ON = datetime.date(2025, 3, 1)
OWN_ON = datetime.date(2025, 4, 1)


def _png():
    """A 1×1 RGB PNG: signature, IHDR, one zlib-compressed scanline (filter 0, one pixel), IEND."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # width, height, depth 8, colour type RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xc0\x10\x10"))
            + chunk(b"IEND", b""))


def _jpeg():
    """A 1×1 grey baseline JPEG: flat quantisation, one-code Huffman tables (DC category 0 and
    AC end-of-block, both the 1-bit code 0), scan data 00 padded with ones."""

    def segment(marker, data):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data

    one_code = bytes([1] + [0] * 15) + b"\x00"
    return (b"\xff\xd8"
            + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xDB, b"\x00" + b"\x01" * 64)
            + segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
            + segment(0xC4, b"\x00" + one_code)
            + segment(0xC4, b"\x10" + one_code)
            + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
            + b"\x3f\xff\xd9")


# A 1×1 lossless WebP: RIFF header, "WEBP", one VP8L chunk of 13 bytes and its padding byte.
_WEBP = bytes.fromhex("524946461a000000574542505650384c0d0000002f00000010071011118888fe0700")

IMAGES = {"jpeg": _jpeg(), "png": _png(), "webp": _WEBP}


@pytest.fixture
def images():
    """The bytes of a valid JPEG, PNG and WebP, by type name."""
    return dict(IMAGES)


@pytest.fixture
def upload():
    """upload(name, content) is an uploaded file as a form would hand it to a service."""

    def _upload(name, content, content_type="application/octet-stream"):
        return SimpleUploadedFile(name, content, content_type=content_type)

    return _upload


@pytest.fixture
def field(db):
    return Field.objects.get(name="Dân vận khéo")


@pytest.fixture
def other_field(db):
    return Field.objects.get(name="Cải cách hành chính")


@pytest.fixture
def retired_field(db):
    return Field.objects.create(name="Lĩnh vực đã bỏ", position=99, is_active=False)


@pytest.fixture
def other_secretary(world):
    """The cell committee of `other_cell` (the world has none)."""
    user = make_user("bithu2", "Đỗ Văn Bí Thư Hai")
    org_services.grant_role(by=world.superuser, user=user, org=world.other_cell, role=Role.CELL_COMMITTEE)
    return user


@pytest.fixture
def launched(world, field):
    """A model the ward's committee launched for its whole subtree."""
    return services.create_practice(by=world.ward_admin, org=world.ward, name="Dân vận khéo trong khu dân cư",
                                    field=field, started_on=LAUNCHED_ON, origin="phat_dong",
                                    description="Mỗi đảng viên phụ trách 10 hộ", goals="Không còn hộ nghèo")


@pytest.fixture
def own(world, field):
    """An own model of the cell, registered by its secretary."""
    return services.create_practice(by=world.secretary, org=world.cell, name="Chi bộ 4 tốt", field=field,
                                    started_on=OWN_ON)
