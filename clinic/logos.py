"""The practice logo: what an upload may be, and the image that is stored from it.

A small file can hold a huge image (a 12,000 x 12,000 PNG of one colour is 17 KB) that costs
hundreds of megabytes to decode. An upload is therefore checked by its pixels as well as its
bytes, decoded with Pillow's decompression-bomb guard, and stored re-encoded as a PNG no wider
or taller than a letterhead needs, without the original's metadata: what is stored is what was
checked. The plan renderer checks stored images once more (plans.document.render).
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG"}
# The largest upload accepted: each side, and the pixels in all.
LOGO_MAX_SIDE = 4000
LOGO_MAX_PIXELS = 16_000_000
# The stored logo fits in this box (the letterhead prints it a few centimetres wide).
LOGO_STORED_SIDE = 1200


class LogoRefused(Exception):
    """The upload is not a logo the app keeps; the message says why, for the form."""


def _decoded(file):
    """The uploaded image, decoded, or LogoRefused. The side and pixel limits are checked from
    the header, before anything is decoded; they are far below Pillow's own
    Image.MAX_IMAGE_PIXELS, above which it refuses to open an image at all."""
    file.seek(0)
    try:
        image = Image.open(file)
        if image.format not in LOGO_FORMATS:
            raise LogoRefused(_("Upload the logo as a PNG or JPEG image."))
        width, height = image.size
        if max(width, height) > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
            raise LogoRefused(
                _(
                    "The logo is %(width)d x %(height)d pixels; it may be at most %(side)d "
                    "pixels wide and tall, %(megapixels)d megapixels in all."
                )
                % {
                    "width": width,
                    "height": height,
                    "side": LOGO_MAX_SIDE,
                    "megapixels": LOGO_MAX_PIXELS // 1_000_000,
                }
            )
        image.load()
    except Image.DecompressionBombError:
        raise LogoRefused(_("The logo image is far too large in pixels.")) from None
    except (OSError, SyntaxError, ValueError):
        raise LogoRefused(_("The logo could not be read as an image.")) from None
    return image


def logo_upload(file):
    """The logo to store for an uploaded `file`: a PNG of at most LOGO_STORED_SIDE pixels each
    way, without metadata; raises LogoRefused with the reason."""
    if file.size > LOGO_MAX_BYTES:
        raise LogoRefused(_("The logo may be at most 2 MB."))
    image = _decoded(file)
    image = image.convert(
        "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    )
    image.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    name = (file.name or "logo").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "logo"
    return SimpleUploadedFile(f"{name}.png", output.getvalue(), content_type="image/png")
