"""Free texts as written: Markdown rendered to safe HTML, and reduced to plain sentences.

The texts are the kind data·inclusion carries: `**ASL**`, `## Visale`, `<br>`, `\\-`, links in
angle brackets, lists, and hostile ones. The HTML is checked with a real parser: only the
elements and attributes the renderer writes may appear, whatever the text holds.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from generator.model import normalise_text
from generator.render import richtext
from generator.render.richtext import render, sentences, spoken_lines, to_plain

ALLOWED = {
    "p": set(),
    "br": set(),
    "strong": set(),
    "em": set(),
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "blockquote": set(),
    "a": {"href", "rel"},
}


class Elements(HTMLParser):
    """Every element and attribute of an HTML fragment, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def assert_safe(html: str) -> None:
    for tag, attrs in elements(html).found:
        assert tag in ALLOWED, (tag, html)
        assert set(attrs) <= ALLOWED[tag], (tag, attrs)
        if tag == "a":
            assert re.match(r"(https?://[^/\s]|mailto:|tel:)", attrs["href"] or ""), attrs
            assert attrs["rel"] == "nofollow noopener"


# What data·inclusion descriptions look like (shapes taken from the real data).
DATA_INCLUSION = (
    "**ASL** : ateliers sociolinguistiques, le mardi.\n"
    "\n"
    "## Visale\n"
    "La garantie Visale pour louer un logement.<br>Sur rendez-vous.<BR/>Apportez vos papiers.\n"
    "\n"
    "\\- aide aux démarches\n"
    "\\- accès aux droits\n"
    "\n"
    "Plus d'informations sur [Réfugiés.info](<https://refugies.info/fr/dispositif/abc def>) "
    "&amp; sur <https://www.service-public.fr/>.\n"
    "\n"
    "- les familles\n"
    "- les jeunes de *16 à 25 ans*\n"
    "\n"
    "1. Appelez\n"
    "2. Venez avec vos papiers"
)


def test_emphasis_headings_and_line_breaks() -> None:
    html = render(DATA_INCLUSION).html
    assert "<p><strong>ASL</strong> : ateliers sociolinguistiques, le mardi.</p>" in html
    # a heading never breaks the page outline: a bold paragraph
    assert "<p><strong>Visale</strong></p>" in html and "<h" not in html
    assert "logement.<br>\nSur rendez-vous.<br>\nApportez vos papiers." in html
    shown = "".join(elements(html).text)
    assert "*" not in shown and "#" not in shown and "<br" not in shown.lower()
    assert "<em>16 à 25 ans</em>" in html
    assert_safe(html)


def test_escaped_dashes_are_shown_as_written() -> None:
    html = render(DATA_INCLUSION).html
    assert "<p>- aide aux démarches<br>\n- accès aux droits</p>" in html
    assert "\\" not in html


def test_lists_bulleted_and_numbered() -> None:
    html = render(DATA_INCLUSION).html
    assert "<ul>\n<li>les familles</li>\n<li>les jeunes de <em>16 à 25 ans</em></li>\n</ul>" in html
    assert "<ol>\n<li>Appelez</li>\n<li>Venez avec vos papiers</li>\n</ol>" in html
    assert '<ol start="3">' in render("3. trois\n4. quatre").html


def test_links_keep_their_text_and_a_safe_target() -> None:
    html = render(DATA_INCLUSION).html
    assert (
        '<a href="https://refugies.info/fr/dispositif/abc%20def" rel="nofollow noopener">'
        "Réfugiés.info</a> &amp; sur "
        '<a href="https://www.service-public.fr/" rel="nofollow noopener">'
        "https://www.service-public.fr/</a>."
    ) in html
    mail = render("[Écrivez-nous](mailto:accueil@example.org) ou [appelez](tel:+33261910012)")
    assert '<a href="mailto:accueil@example.org"' in mail.html
    assert '<a href="tel:+33261910012"' in mail.html
    assert_safe(mail.html)


@pytest.mark.parametrize(
    "text",
    [
        "[lien](javascript:qfqPwned('x'))",
        "[lien](JaVaScRiPt:qfqPwned(1))",
        "[lien](  javascript:qfqPwned(1))",
        "[lien](java\tscript:qfqPwned(1))",
        "[lien](vbscript:msgbox(1))",
        "[lien](data:text/html;base64,PHNjcmlwdD4=)",
        "[lien](file:///etc/passwd)",
        "[lien](/chemin/relatif)",
        "[lien](www.example.org)",
        "[lien](http:sans-hote)",
        "<javascript:qfqPwned(1)>",
        "[lien][ref]\n\n[ref]: javascript:qfqPwned(1)",
    ],
)
def test_links_to_anything_else_are_text(text: str) -> None:
    html = render(text).html
    assert "<a" not in html and "href" not in html
    assert "lien" in html or "qfqPwned" in html
    assert_safe(html)


@pytest.mark.parametrize(
    "text",
    [
        "<script>qfqPwned('x')</script>",
        '"><img src=x onerror=qfqPwned("x")>',
        "<div onclick=qfqPwned(1)>texte</div>",
        '<a href="javascript:qfqPwned(1)">clic</a>',
        "</title></script><svg onload=qfqPwned('x')>",
        "<!-- commentaire --> <?php echo 1; ?> <![CDATA[x]]>",
        '[a](https://example.org/" onmouseover="qfqPwned(1))',
        '[a](https://example.org/"><script>qfqPwned(1)</script>)',
        "![photo](https://example.org/x.png)",
        '![x" onerror="qfqPwned(1)](https://example.org/x.png)',
        "```html\n<script>qfqPwned(1)</script>\n```",
        "    <script>indenté</script>",
        "> citation <b onmouseover=qfqPwned(1)>gras</b>",
        "&lt;script&gt;qfqPwned(1)&lt;/script&gt; &#60;b&#62;",
    ],
)
def test_raw_html_is_text_and_nothing_else_is_written(text: str) -> None:
    rendered = render(text)
    for html in (rendered.html, rendered.phrasing):
        assert_safe(html)
        assert isinstance(html, Markup)
    assert "<img" not in rendered.html and "<script" not in rendered.html


def test_raw_html_shows_literally() -> None:
    html = render("Avant <script>qfqPwned('x')</script> après").html
    assert html == "<p>Avant &lt;script&gt;qfqPwned(&#39;x&#39;)&lt;/script&gt; après</p>"
    assert "".join(elements(html).text) == "Avant <script>qfqPwned('x')</script> après"


def test_images_are_their_alternative_text() -> None:
    html = render("Voir ![le plan du quartier](https://example.org/plan.png).").html
    assert html == "<p>Voir le plan du quartier.</p>"


def test_indented_lines_are_text_not_code() -> None:
    html = render("Horaires :\n\n    lundi 9 h\n    mardi 10 h").html
    assert "<pre" not in html and "<code" not in html
    assert "lundi 9 h<br>\nmardi 10 h" in html


def test_one_paragraph_is_inline_and_more_is_not() -> None:
    single = render("Un lieu pour **vous** aider.")
    assert single.inline == "Un lieu pour <strong>vous</strong> aider."
    assert single.html == f"<p>{single.inline}</p>"
    assert render("Un.\n\nDeux.").inline is None
    assert render("- a\n- b").inline is None


def test_phrasing_has_no_block_element() -> None:
    phrasing = render(DATA_INCLUSION).phrasing
    tags = {tag for tag, _ in elements(phrasing).found}
    assert tags <= {"br", "strong", "em", "a"}, tags
    assert "• les familles<br>\n• les jeunes de <em>16 à 25 ans</em>" in phrasing
    assert "1. Appelez<br>\n2. Venez avec vos papiers" in phrasing


def test_a_long_text_is_rendered_whole() -> None:
    paragraph = "Le centre social accueille les habitants du quartier. " * 10
    text = "\n\n".join(f"{paragraph.strip()} Partie {n}." for n in range(20))
    assert len(text) > 10_000
    html = render(text).html
    assert html.count("<p>") == 20 and "Partie 19." in html
    words = " ".join(elements(html).text).split()
    assert words == text.split()
    assert len(spoken_lines(text)) == 20


# --- plain text ---------------------------------------------------------------------------


def test_plain_sentences_have_no_markup_symbol_and_no_address() -> None:
    said = sentences(DATA_INCLUSION)
    assert said == [
        "ASL : ateliers sociolinguistiques, le mardi.",
        "Visale.",
        "La garantie Visale pour louer un logement.",
        "Sur rendez-vous.",
        "Apportez vos papiers.",
        "aide aux démarches.",
        "accès aux droits.",
        "Plus d'informations sur Réfugiés.info & sur.",
        "les familles.",
        "les jeunes de 16 à 25 ans.",
        "Appelez.",
        "Venez avec vos papiers.",
    ]
    joined = " ".join(said)
    for symbol in ("*", "#", "\\", "<", ">", "http", "www", "]("):
        assert symbol not in joined


def test_plain_text_decodes_entities_and_drops_tags_as_text() -> None:
    text = "Caf&eacute; &amp; th&#233;&nbsp;: <b>gratuit</b><br>Le <script>x</script> mardi"
    assert spoken_lines(text) == ("Café & thé : gratuit", "Le x mardi")


def test_plain_text_says_link_texts_never_addresses() -> None:
    text = (
        "Voir [le site de la CAF](https://www.caf.fr), <https://example.org/a?b=c>, "
        "https://nu.example.org/x ou www.example.net (en ligne) et [accueil@example.org]"
        "(mailto:accueil@example.org). [clic](javascript:qfqPwned(1))"
    )
    assert to_plain(text) == "Voir le site de la CAF, ou (en ligne) et. clic."


def test_a_paragraph_line_going_on_in_lower_case_continues_the_sentence() -> None:
    text = "Nous accueillons les familles\net les jeunes.\nLe mardi : ateliers\nLe jeudi : repas"
    assert sentences(text) == [
        "Nous accueillons les familles et les jeunes.",
        "Le mardi : ateliers.",
        "Le jeudi : repas.",
    ]
    assert sentences("Tout le monde :\n- les familles\n- les jeunes", "።") == [
        "Tout le monde :",
        "les familles።",
        "les jeunes።",
    ]


def test_plain_text_of_a_plain_sentence_is_the_sentence() -> None:
    text = "Un lieu pour vous aider dans vos démarches (CAF, CPAM, impôts)."
    assert spoken_lines(text) == (text,)
    arabic = "مكان يساعدك في إجراءاتك الإدارية."
    assert spoken_lines(arabic) == (arabic,)


# --- normalisation when loading ------------------------------------------------------------


def test_texts_are_normalised_when_loading() -> None:
    raw = "\x02Premier\u00a0: ligne  \r\nsuite\x7f\r\n\r\n\r\n\r\n\t- a\n\t\t- b\tc\u202e\n  "
    assert normalise_text(raw) == "Premier\u00a0: ligne\nsuite\n\n    - a\n        - b c"


def test_a_lead_keeps_whole_sentences_within_its_length() -> None:
    text = "**Premier point.** Deuxième phrase, plus longue que la première.\n\n- un\n- deux"
    whole = richtext.lead(text, 500)
    assert whole == richtext.Lead(
        "Premier point. Deuxième phrase, plus longue que la première. un. deux.", False
    )
    cut = richtext.lead(text, 40)
    assert cut == richtext.Lead("Premier point. …", True)
    long = richtext.lead("Une seule phrase " + "très " * 40 + "longue.", 40)
    assert long.cut and long.text.endswith("…") and len(long.text) <= 40
    assert richtext.plain_sentences("Un. Deux ? Trois") == ["Un.", "Deux ?", "Trois."]
