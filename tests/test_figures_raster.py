"""The images matplotlib embeds in a figure's PDF and SVG are deflated quickly while a figure
is saved (``raster.quick_image_deflate``), losslessly, and Pillow is left as it was."""

from __future__ import annotations


def test_images_are_deflated_quickly_inside_the_block_and_as_before_outside() -> None:
    """Pillow's PNGs (what matplotlib embeds in the PDF and the SVG) at level 1 in the block:
    the same pixels, other bytes; an explicit level is kept; the writer restored after an
    error."""
    import io

    import numpy as np
    from PIL import Image

    from analysis.plots import raster

    rng = np.random.default_rng(1)
    pixels = (rng.random((60, 80, 3)) * 4).astype(np.uint8) * 60

    def png(**params) -> bytes:
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, format="png", **params)
        return out.getvalue()

    default, fast = png(), png(compress_level=1)
    assert default != fast
    with raster.quick_image_deflate():
        assert png() == fast and png(compress_level=9) == png(compress_level=9)
    assert png() == default
    try:
        with raster.quick_image_deflate():
            raise KeyError("x")
    except KeyError:
        pass
    assert png() == default
    decoded = np.asarray(Image.open(io.BytesIO(fast)))
    assert (decoded == pixels).all()
