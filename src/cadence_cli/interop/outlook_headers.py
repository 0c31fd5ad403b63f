"""The column headers Outlook writes in a contacts CSV, per display language.

Outlook's export wizard ("Comma Separated Values") names its columns in the language of the
Office installation, and writes the file in that installation's ANSI code page with dates in
its locale's short form. A German export says "Vorname", "E-Mail-Adresse", "Geburtstag" and
"31.12.1980"; reading it with the English names imports junk. The strings below are the ones
Outlook and Exchange use for the import/export map of each language (Spanish and Brazilian
Portuguese really do keep some columns in English). Slots separated by `|` are alternatives
seen from different Outlook versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["LANGUAGES", "PHONE_SLOTS", "OutlookLanguage", "best_language", "header_key"]

# Order is preference: the primary and mobile numbers first, faxes and pagers last.
PHONE_SLOTS: tuple[str, ...] = (
    "primary",
    "mobile",
    "business",
    "home",
    "business2",
    "home2",
    "company_main",
    "other",
    "car",
    "callback",
    "assistant",
    "radio",
    "isdn",
    "tty",
    "telex",
    "pager",
    "business_fax",
    "home_fax",
    "other_fax",
)
FAXLIKE_SLOTS = frozenset({"pager", "business_fax", "home_fax", "other_fax"})


def header_key(text: str) -> str:
    """A header cell as compared: case-folded, NBSP and runs of spaces made one space."""
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True, slots=True)
class OutlookLanguage:
    """One language's Outlook columns: logical field → accepted header keys.

    `fields` holds first, middle, last, suffix, nickname, company, email1..3, birthday,
    anniversary, notes, categories and every `PHONE_SLOTS` entry that the language has.
    `written` keeps each field's first header as Outlook spells it, for messages and tests.
    `day_first` says how to read `03/04/1980` (None: guess, as English Outlook writes US and
    British dates alike); `encoding` is the code page Outlook writes.
    """

    code: str
    day_first: bool | None
    encoding: str
    fields: Mapping[str, tuple[str, ...]]
    written: Mapping[str, str]

    def columns(self) -> frozenset[str]:
        """Every header key this language knows."""
        return frozenset(key for keys in self.fields.values() for key in keys)

    def name_columns(self) -> frozenset[str]:
        """Header keys that can give a contact its name (names, company, emails)."""
        wanted = ("first", "middle", "last", "nickname", "company", "email1", "email2", "email3")
        return frozenset(key for field in wanted for key in self.fields.get(field, ()))


def _lang(
    code: str,
    *,
    names: tuple[str, str, str, str, str],
    emails: tuple[str, str, str],
    dates: tuple[str, str],
    notes: str,
    categories: str,
    phones: tuple[str, ...],
    day_first: bool | None = True,
    encoding: str = "cp1252",
    nickname: str = "",
) -> OutlookLanguage:
    """Build a language from its header strings, in a fixed order so the table stays readable.

    `names` is (first, middle, last, suffix, company), `dates` (birthday, anniversary),
    `phones` one string per `PHONE_SLOTS` entry.
    """
    if len(phones) != len(PHONE_SLOTS):
        raise ValueError(f"{code}: {len(phones)} phone columns, expected {len(PHONE_SLOTS)}")
    plain: dict[str, str] = dict(
        zip(("first", "middle", "last", "suffix", "company"), names, strict=True)
    )
    plain.update(zip(("email1", "email2", "email3"), emails, strict=True))
    plain.update(birthday=dates[0], anniversary=dates[1], notes=notes, categories=categories)
    plain.update(zip(PHONE_SLOTS, phones, strict=True))
    if nickname:
        plain["nickname"] = nickname
    fields = {
        field: tuple(header_key(alt) for alt in text.split("|"))
        for field, text in plain.items()
        if text
    }
    written = {field: text.split("|")[0] for field, text in plain.items() if text}
    return OutlookLanguage(code, day_first, encoding, fields, written)


LANGUAGES: tuple[OutlookLanguage, ...] = (
    _lang(
        "en",
        day_first=None,
        names=("First Name", "Middle Name", "Last Name", "Suffix", "Company"),
        nickname="Nickname",
        emails=("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
        dates=("Birthday", "Anniversary"),
        notes="Notes",
        categories="Categories",
        phones=(
            "Primary Phone",
            "Mobile Phone",
            "Business Phone",
            "Home Phone",
            "Business Phone 2",
            "Home Phone 2",
            "Company Main Phone",
            "Other Phone",
            "Car Phone",
            "Callback",
            "Assistant's Phone",
            "Radio Phone",
            "ISDN",
            "TTY/TDD Phone",
            "Telex",
            "Pager",
            "Business Fax",
            "Home Fax",
            "Other Fax",
        ),
    ),
    _lang(
        "de",
        names=("Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma"),
        emails=("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse"),
        dates=("Geburtstag", "Jahrestag"),
        notes="Notizen",
        categories="Kategorien",
        phones=(
            "Haupttelefon",
            "Mobiltelefon",
            "Telefon geschäftlich",
            "Telefon privat|Telefon (privat)",
            "Telefon geschäftlich 2",
            "Telefon privat 2|Telefon (privat 2)",
            "Telefon Firma",
            "Weiteres Telefon",
            "Autotelefon",
            "Rückmeldung",
            "Telefon Assistent",
            "Mobiltelefon 2",
            "ISDN",
            "Telefon für Hörbehinderte",
            "Telex",
            "Pager",
            "Fax geschäftlich",
            "Fax privat",
            "Weiteres Fax",
        ),
    ),
    _lang(
        "fr",
        names=("Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société"),
        emails=("Adresse de messagerie", "Adresse de messagerie 2", "Adresse de messagerie 3"),
        dates=("Anniversaire", "Anniversaire de mariage ou fête"),
        notes="Notes",
        categories="Catégories",
        phones=(
            "Téléphone principal",
            "Tél. mobile",
            "Téléphone (bureau)",
            "Téléphone (domicile)",
            "Téléphone 2 (bureau)",
            "Téléphone 2 (domicile)",
            "Téléphone société",
            "Téléphone (autre)",
            "Téléphone (voiture)",
            "Rappel",
            "Téléphone de l'assistant(e)",
            "Radio téléphone",
            "RNIS",
            "Téléphone TDD/TTY",
            "Télex",
            "Récepteur de radiomessagerie",
            "Télécopie (bureau)",
            "Télécopie (domicile)",
            "Télécopie (autre)",
        ),
    ),
    _lang(
        "es",
        names=("Nombre", "Segundo nombre", "Apellidos", "Suffix", "Organización"),
        emails=(
            "E-mail Address",
            "Dirección de correo electrónico 2",
            "Dirección del correo electrónico 3",
        ),
        dates=("Birthday", "Anniversary"),
        notes="Notes",
        categories="Categorías",
        phones=(
            "Teléfono principal",
            "Mobile Phone",
            "Teléfono del trabajo",
            "Particular",
            "Business Phone 2",
            "Home Phone 2",
            "Número de centralita de la organización",
            "Otro teléfono",
            "Car Phone",
            "Devolución de llamada",
            "Assistant's Phone",
            "Radioteléfono",
            "ISDN",
            "Número de teletipo",
            "Télex",
            "Pager",
            "Business Fax",
            "Home Fax",
            "Otro fax",
        ),
    ),
    _lang(
        "it",
        names=("Nome", "Secondo nome", "Cognome", "Titolo straniero", "Società"),
        emails=(
            "Indirizzo posta elettronica",
            "Indirizzo posta elettronica 2",
            "Indirizzo posta elettronica 3",
        ),
        dates=("Compleanno", "Anniversario"),
        notes="Notes|Note",
        categories="Categorie",
        phones=(
            "Telefono principale",
            "Cellulare",
            "Ufficio",
            "Abitazione",
            "Ufficio 2",
            "Abitazione 2",
            "Telefono principale società",
            "Altro telefono",
            "Telefono auto",
            "Richiamata automatica",
            "Telefono assistente",
            "Radiotelefono",
            "ISDN",
            "Telefono TTY/TDD",
            "Telex",
            "Cercapersone",
            "Fax (uff.)",
            "Fax (ab.)",
            "Altro fax",
        ),
    ),
    _lang(
        "nl",
        names=("Voornaam", "Middelste naam", "Achternaam", "Achtervoegsel", "Bedrijf"),
        emails=("E-mailadres", "E-mailadres 2", "E-mailadres 3"),
        dates=("Verjaardag", "Speciale datum"),
        notes="Notities",
        categories="Categorieën",
        phones=(
            "Hoofdtelefoon",
            "Mobiele telefoon",
            "Telefoon op werk",
            "Telefoon thuis",
            "Telefoon op werk 2",
            "Telefoon thuis 2",
            "Hoofdtelefoon bedrijf",
            "Andere telefoon",
            "Autotelefoon",
            "Terugbellen",
            "Telefoon assistent",
            "Radiotelefoon",
            "ISDN",
            "Teksttelefoon",
            "Telex",
            "Pager",
            "Fax op werk",
            "Fax thuis",
            "Andere fax",
        ),
    ),
    _lang(
        "pt-BR",
        names=("Primeiro nome", "Segundo nome", "Sobrenome", "Sufixo", "Empresa"),
        emails=("E-mail Address", "Endereço de email 2", "Endereço de email 3"),
        dates=("Birthday", "Datas especiais"),
        notes="Anotações",
        categories="Categorias",
        phones=(
            "Telefone principal",
            "Telefone celular",
            "Telefone comercial",
            "Telefone residencial",
            "Telefone comercial 2",
            "Telefone residencial 2",
            "Telefone principal da empresa",
            "Outro telefone",
            "Telefone do carro",
            "Retorno de chamada",
            "Telefone do assistente",
            "Radiofone",
            "ISDN",
            "Telefone TTY/TDD",
            "Telex",
            "Pager",
            "Fax comercial",
            "Fax residencial",
            "Outro fax",
        ),
    ),
    _lang(
        "pt-PT",
        names=("Primeiro nome", "Outros nomes/apelidos", "Apelido", "Sufixo", "Empresa"),
        emails=(
            "Endereço de correio electrónico",
            "Endereço do correio electrónico 2",
            "Endereço do correio electrónico 3",
        ),
        dates=("Data de nascimento", "Aniversário"),
        notes="Notas",
        categories="Categorias",
        phones=(
            "Telefone principal",
            "Telemóvel",
            "Telefone da empresa",
            "Telefone da residência",
            "2º telefone da empresa",
            "2º telefone da residência",
            "Telefone principal da empresa",
            "Outro telefone",
            "Telefone do carro",
            "Tel. de resposta",
            "Telefone do assistente",
            "Radiotelefone",
            "RDIS",
            "Telefone TTY/TDD",
            "Telex",
            "Pager",
            "Fax da empresa",
            "Fax da residência",
            "Outro fax",
        ),
    ),
    _lang(
        "da",
        names=("Fornavn", "Mellemnavn", "Efternavn", "Suffiks", "Firma"),
        emails=("E-mail-adresse", "E-mail 2-adresse", "E-mail 3-adresse"),
        dates=("Fødselsdag", "Mærkedag"),
        notes="Notater",
        categories="Kategorier",
        phones=(
            "Primær telefon",
            "Mobiltelefon",
            "Telefon (arbejde)",
            "Telefon (privat)",
            "Telefon 2 (arbejde)",
            "Telefon 2 (privat)",
            "Primær telefon (firma)",
            "Anden telefon",
            "Biltelefon",
            "Tilbagekald",
            "Assistentens telefon",
            "Radiotelefon",
            "ISDN",
            "TTY/TDD-telefon",
            "Telex",
            "Personsøger",
            "Fax (arbejde)",
            "Fax (privat)",
            "Anden fax",
        ),
    ),
    _lang(
        "sv",
        names=("Förnamn", "Mellannamn", "Efternamn", "Namnsuffix", "Företag"),
        emails=("E-postadress", "E-postadress 2", "E-postadress 3"),
        dates=("Födelsedag", "Årsdag"),
        notes="Anteckningar",
        categories="Kategorier",
        phones=(
            "Telefon 1",
            "Mobiltelefon",
            "Arbete",
            "Hem",
            "Telefon 2, arbete",
            "Telefon 2, hem",
            "Företag, växel",
            "Telefon, annan",
            "Biltelefon",
            "Motringning",
            "Telefon, assistent",
            "Telefon 2",
            "ISDN",
            "TTY/TDD-telefon",
            "Telex",
            "Personsökare",
            "Fax arbete",
            "Fax, hem",
            "Fax, annan",
        ),
    ),
    _lang(
        "nb",
        names=("Fornavn", "Mellomnavn", "Etternavn", "Suffiks", "Firma"),
        emails=("E-postadresse", "E-postadresse 2", "E-postadresse 3"),
        dates=("Fødselsdag", "Merkedag"),
        notes="Notater",
        categories="Kategorier",
        phones=(
            "Hovedtelefon",
            "Mobiltelefon",
            "Telefon, arb.",
            "Telefon, priv.",
            "Telefon 2, arb.",
            "Telefon 2, priv.",
            "Hovedtelefon for firma",
            "Annen telefon",
            "Biltelefon",
            "Tilbakeringing",
            "Assistentens telefonnummer",
            "Radiotelefon",
            "ISDN",
            "Telefon for hørselshemmede",
            "Teleks",
            "Personsøker",
            "Telefaks, arb.",
            "Telefaks, priv.",
            "Annen telefaks",
        ),
    ),
    _lang(
        "fi",
        names=("Etunimi", "Toinen nimi", "Sukunimi", "Jälkiliite", "Yritys"),
        emails=("Sähköpostiosoite", "Sähköpostiosoite 2", "Sähköpostiosoite 3"),
        dates=("Syntymäpäivä", "Vuosipäivä"),
        notes="Muistilaput",
        categories="Luokat",
        phones=(
            "Ensisijainen puhelin",
            "Matkapuhelin",
            "Työpuhelin",
            "Kotipuhelin",
            "Työpuhelin 2",
            "Kotipuhelin 2",
            "Yrityksen puhelinvaihde",
            "Muu puhelin",
            "Autopuhelin",
            "Takaisinsoitto",
            "Avustajan puhelinnumero",
            "Radiopuhelin",
            "ISDN",
            "TTY/TDD-puhelin",
            "Teleksi",
            "Hakulaite",
            "Työfaksi",
            "Kotifaksi",
            "Muu faksi",
        ),
    ),
    _lang(
        "pl",
        encoding="cp1250",
        names=("Imię", "Drugie imię", "Nazwisko", "Sufiks", "Firma"),
        emails=("Adres e-mail", "Adres e-mail 2", "Adres e-mail 3"),
        dates=("Urodziny", "Rocznica"),
        notes="Notatki",
        categories="Kategorie",
        phones=(
            "Telefon podstawowy",
            "Telefon komórkowy",
            "Telefon służbowy",
            "Telefon domowy",
            "Telefon służbowy 2",
            "Telefon domowy 2",
            "Główny telefon do firmy",
            "Inny telefon",
            "Telefon w samochodzie",
            "Wywołanie zwrotne",
            "Telefon asystenta",
            "Radiotelefon",
            "ISDN",
            "Telefon TTY/TDD",
            "Teleks",
            "Pager",
            "Faks służbowy",
            "Faks domowy",
            "Inny faks",
        ),
    ),
    _lang(
        "cs",
        encoding="cp1250",
        names=("Jméno", "2. křestní jméno", "Příjmení", "Za příjmením", "Společnost"),
        emails=("E-mailová adresa", "E-mailová adresa 2", "E-mailová adresa 3"),
        dates=("Narozeniny", "Výročí"),
        notes="Poznámky",
        categories="Kategorie",
        phones=(
            "Primární telefon",
            "Mobilní telefon",
            "Telefon (zam.)",
            "Telefon domů",
            "Telefon 2 (zam.)",
            "Telefon 2 domů",
            "Telefon společnosti",
            "Jiný telefon",
            "Telefon do auta",
            "Zpětné volání",
            "Telefon asistenta",
            "Radiotelefon",
            "ISDN",
            "Pro neslyšící",
            "Dálnopis",
            "Operátor",
            "Fax (zam.)",
            "Fax domů",
            "Jiný fax",
        ),
    ),
    _lang(
        "hu",
        encoding="cp1250",
        names=("Utónév", "Középső", "Vezetéknév", "Utótag", "Cég"),
        emails=("E-mail cím", "2. e-mail cím", "3. e-mail cím"),
        dates=("Születésnap", "Évforduló"),
        notes="Feljegyzések",
        categories="Kategóriák",
        phones=(
            "Elsődleges telefon",
            "Mobiltelefon",
            "Hivatali telefon",
            "Otthoni telefon",
            "Másik hivatali telefon",
            "Másik otthoni telefon",
            "Cég fővonala",
            "Egyéb telefon",
            "Autótelefon",
            "Visszahívás",
            "Asszisztens telefonszáma",
            "Rádiótelefon",
            "ISDN",
            "TTY/TDD telefon",
            "Telex",
            "Személyhívó",
            "Hivatali fax",
            "Otthoni fax",
            "Egyéb fax",
        ),
    ),
    _lang(
        "ru",
        encoding="cp1251",
        names=("Имя", "Отчество", "Фамилия", "Суффикс", "Организация"),
        emails=("Адрес эл. почты", "Адрес 2 эл. почты", "Адрес 3 эл. почты"),
        dates=("День рождения", "Годовщина"),
        notes="Заметки",
        categories="Категории",
        phones=(
            "Основной телефон",
            "Телефон переносной",
            "Рабочий телефон",
            "Домашний телефон",
            "Телефон раб. 2",
            "Телефон дом. 2",
            "Основной телефон организации",
            "Другой телефон",
            "Телефон в машине",
            "Обратный вызов",
            "Телефон помощника",
            "Радиотелефон",
            "ISDN",
            "Телетайп/телефон с титрами",
            "Телекс",
            "Пейджер",
            "Рабочий факс",
            "Домашний факс",
            "Другой факс",
        ),
    ),
    _lang(
        "tr",
        encoding="cp1254",
        names=("İlk Adı", "İkinci Adı", "Soyadı", "Sonek", "Şirket"),
        emails=(
            "Elektronik Posta Adresi",
            "Elektronik Posta 2 Adres",
            "Elektronik Posta 3 Adres",
        ),
        dates=("Doğum günü", "Yıldönümü"),
        notes="Notlar",
        categories="Kategoriler",
        phones=(
            "Birincil Telefon",
            "Cep Telefonu",
            "İş Telefon No",
            "Ev Telefonu",
            "İş Telefonu 2",
            "Ev Telefonu 2",
            "Şirket Santral Telefonu",
            "Diğer Telefon No",
            "Araç Telefonu",
            "Geri Arama",
            "Yardımcının Telefonu",
            "Telsiz Telefon",
            "ISDN",
            "TTY/TDD Telefonu",
            "Teleks",
            "Çağrı Cihazı",
            "İş Faks No",
            "Ev-Faks No",
            "Diğer Faks No",
        ),
    ),
)


def best_language(header: Iterable[str]) -> tuple[OutlookLanguage, int] | None:
    """The language whose columns the header matches most, and how many cells matched.

    None when no language's name columns (names, company, email) appear at all: such a
    header is no Outlook export, whatever else it shares with one.
    """
    keys = {header_key(cell) for cell in header}
    best: tuple[OutlookLanguage, int] | None = None
    for language in LANGUAGES:
        if not keys & language.name_columns():
            continue
        score = len(keys & language.columns())
        if best is None or score > best[1]:
            best = (language, score)
    return best
