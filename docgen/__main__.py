"""`python -m docgen …` runs the same command line as `docgen …`."""

from docgen.cli import main

if __name__ == "__main__":
    main(prog_name="docgen")
