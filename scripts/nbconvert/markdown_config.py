# nbconvert configuration for scripts/nblib.sh's nb_render (jupyter nbconvert --to markdown
# --config THIS_FILE): Debian's nbconvert 6.5.3 leaves image/gif outputs (notebook 02's
# animation) out of Markdown. With this file they are written to <name>_files/ as .gif files
# and shown on the page with ![gif](...), as PNGs are.
import os
from binascii import a2b_base64

from nbconvert.preprocessors import Preprocessor

GIF = "image/gif"


class GIFBytesPreprocessor(Preprocessor):
    """Decodes the image/gif files that ExtractOutputPreprocessor extracted.

    ExtractOutputPreprocessor decodes base64 only for PNG, JPEG and PDF; any other type is
    written as its text, here the base64 of the GIF. Runs after it (user preprocessors run
    after an exporter's default ones) and replaces that text by the GIF's bytes.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        for out in cell.get("outputs", []):
            filename = out.get("metadata", {}).get("filenames", {}).get(GIF)
            if filename is not None and isinstance(out.data[GIF], str):
                resources["outputs"][filename] = a2b_base64(out.data[GIF])
        return cell, resources


c = get_config()  # noqa: F821 (defined by traitlets when it loads this file)
c.MarkdownExporter.extra_template_basedirs = [os.path.dirname(os.path.abspath(__file__))]
c.MarkdownExporter.template_name = "markdown_gif"
c.MarkdownExporter.preprocessors = [GIFBytesPreprocessor]
c.ExtractOutputPreprocessor.extract_output_types = {
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "application/pdf",
    GIF,
}
# MarkdownExporter's default order with image/gif before text/plain (its text fallback).
c.NbConvertBase.display_data_priority = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    GIF,
    "text/plain",
]
