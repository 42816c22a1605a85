"""`manage.py plan`: draft a treatment plan (plan/v2) from an anamnesis JSON file (anamnesis/v2,
or anamnesis/v1 read as the plan contract says).

Exit status 0 with the plan on stdout (or in --output); 2 for bad input, with one
`path: message` line per problem on stderr and nothing on stdout.
"""

import json
import sys

from django.core.management.base import BaseCommand

from plans.engine import (
    InputError,
    draft_plan,
    normalise_anamnesis,
    parse_json,
    validate_anamnesis,
)

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Draft a treatment plan (plan/v2) from an anamnesis (anamnesis/v2 or v1) JSON document."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--input",
            required=True,
            metavar="FILE",
            help="anamnesis/v2 (or v1) JSON file, or - to read standard input",
        )
        parser.add_argument(
            "--format",
            choices=("json", "html", "pdf"),
            default="json",
            help="json (default), or the printable plan as html or pdf",
        )
        parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, input, format, output=None, **options):
        try:
            anamnesis = parse_json(self._read(input))
        except InputError as exc:
            self._fail(exc.problems)
        problems = validate_anamnesis(anamnesis)
        if problems:
            self._fail(problems)
        plan = draft_plan(anamnesis)
        if format != "json":
            return self._write_document(plan, anamnesis, format, output)
        text = json.dumps(plan, indent=2, ensure_ascii=False)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(text + "\n")
            except OSError as exc:
                self._fail([f"--output {output}: cannot write ({exc.strerror})"])
        else:
            self.stdout.write(text)

    def _write_document(self, plan, anamnesis, format, output):
        """The printable plan, by the web app's renderer; a file has no client or practice."""
        # Imported here so that --format json never loads WeasyPrint.
        from plans.document.render import (
            DocumentRefused,
            plan_document_context,
            render_plan_html,
            render_plan_pdf,
        )

        context = plan_document_context(plan, anamnesis=normalise_anamnesis(anamnesis))
        try:
            data = (
                render_plan_pdf(context)
                if format == "pdf"
                else render_plan_html(context).encode("utf-8")
            )
        except DocumentRefused as exc:
            self._fail([str(exc.message)])
        if output:
            try:
                with open(output, "wb") as file:
                    file.write(data)
            except OSError as exc:
                self._fail([f"--output {output}: cannot write ({exc.strerror})"])
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    def _read(self, path):
        if path == "-":
            return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        try:
            with open(path, "rb") as file:
                return file.read()
        except OSError as exc:
            raise InputError([f"--input {path}: cannot read ({exc.strerror})"]) from None

    def _fail(self, problems):
        for line in problems:
            self.stderr.write(line, style_func=lambda text: text)
        raise SystemExit(BAD_INPUT)
