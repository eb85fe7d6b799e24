"""The wheel carries compiled message catalogues: `build_py` compiles every
translations/*/LC_MESSAGES/messages.po into the build's .mo (the .mo files are build output and
never committed), so `pip install .` serves both languages from any directory."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        for po in sorted(Path("translations").glob("*/LC_MESSAGES/messages.po")):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parts[-3])
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=True)


setup(cmdclass={"build_py": BuildWithCatalogues})
