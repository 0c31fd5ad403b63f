"""The Outlook contacts-CSV headers of each display language, as a table `outlook_headers` reads.

See `outlook_headers` for where the strings come from; slots separated by `|` are
alternatives seen from different Outlook versions.
"""

from __future__ import annotations

# One block a language: `[code]`, then one `field  header` line a field, the field first and
# the header as Outlook spells it after the spaces. `day_first` is yes, no or guess (English
# Outlook writes US and British dates alike); `encoding` is the code page Outlook writes. Every
# language names every field but `nickname`, which only English Outlook exports.
TABLE = """\
[en]
day_first     guess
encoding      cp1252
first         First Name
middle        Middle Name
last          Last Name
suffix        Suffix
company       Company
nickname      Nickname
email1        E-mail Address
email2        E-mail 2 Address
email3        E-mail 3 Address
birthday      Birthday
anniversary   Anniversary
notes         Notes
categories    Categories
primary       Primary Phone
mobile        Mobile Phone
business      Business Phone
home          Home Phone
business2     Business Phone 2
home2         Home Phone 2
company_main  Company Main Phone
other         Other Phone
car           Car Phone
callback      Callback
assistant     Assistant's Phone
radio         Radio Phone
isdn          ISDN
tty           TTY/TDD Phone
telex         Telex
pager         Pager
business_fax  Business Fax
home_fax      Home Fax
other_fax     Other Fax

[de]
day_first     yes
encoding      cp1252
first         Vorname
middle        Weitere Vornamen
last          Nachname
suffix        Suffix
company       Firma
email1        E-Mail-Adresse
email2        E-Mail 2: Adresse
email3        E-Mail 3: Adresse
birthday      Geburtstag
anniversary   Jahrestag
notes         Notizen
categories    Kategorien
primary       Haupttelefon
mobile        Mobiltelefon
business      Telefon geschäftlich
home          Telefon privat|Telefon (privat)
business2     Telefon geschäftlich 2
home2         Telefon privat 2|Telefon (privat 2)
company_main  Telefon Firma
other         Weiteres Telefon
car           Autotelefon
callback      Rückmeldung
assistant     Telefon Assistent
radio         Mobiltelefon 2
isdn          ISDN
tty           Telefon für Hörbehinderte
telex         Telex
pager         Pager
business_fax  Fax geschäftlich
home_fax      Fax privat
other_fax     Weiteres Fax

[fr]
day_first     yes
encoding      cp1252
first         Prénom
middle        Deuxième prénom
last          Nom
suffix        Suffixe
company       Société
email1        Adresse de messagerie
email2        Adresse de messagerie 2
email3        Adresse de messagerie 3
birthday      Anniversaire
anniversary   Anniversaire de mariage ou fête
notes         Notes
categories    Catégories
primary       Téléphone principal
mobile        Tél. mobile
business      Téléphone (bureau)
home          Téléphone (domicile)
business2     Téléphone 2 (bureau)
home2         Téléphone 2 (domicile)
company_main  Téléphone société
other         Téléphone (autre)
car           Téléphone (voiture)
callback      Rappel
assistant     Téléphone de l'assistant(e)
radio         Radio téléphone
isdn          RNIS
tty           Téléphone TDD/TTY
telex         Télex
pager         Récepteur de radiomessagerie
business_fax  Télécopie (bureau)
home_fax      Télécopie (domicile)
other_fax     Télécopie (autre)

[es]
day_first     yes
encoding      cp1252
first         Nombre
middle        Segundo nombre
last          Apellidos
suffix        Suffix
company       Organización
email1        E-mail Address
email2        Dirección de correo electrónico 2
email3        Dirección del correo electrónico 3
birthday      Birthday
anniversary   Anniversary
notes         Notes
categories    Categorías
primary       Teléfono principal
mobile        Mobile Phone
business      Teléfono del trabajo
home          Particular
business2     Business Phone 2
home2         Home Phone 2
company_main  Número de centralita de la organización
other         Otro teléfono
car           Car Phone
callback      Devolución de llamada
assistant     Assistant's Phone
radio         Radioteléfono
isdn          ISDN
tty           Número de teletipo
telex         Télex
pager         Pager
business_fax  Business Fax
home_fax      Home Fax
other_fax     Otro fax

[it]
day_first     yes
encoding      cp1252
first         Nome
middle        Secondo nome
last          Cognome
suffix        Titolo straniero
company       Società
email1        Indirizzo posta elettronica
email2        Indirizzo posta elettronica 2
email3        Indirizzo posta elettronica 3
birthday      Compleanno
anniversary   Anniversario
notes         Notes|Note
categories    Categorie
primary       Telefono principale
mobile        Cellulare
business      Ufficio
home          Abitazione
business2     Ufficio 2
home2         Abitazione 2
company_main  Telefono principale società
other         Altro telefono
car           Telefono auto
callback      Richiamata automatica
assistant     Telefono assistente
radio         Radiotelefono
isdn          ISDN
tty           Telefono TTY/TDD
telex         Telex
pager         Cercapersone
business_fax  Fax (uff.)
home_fax      Fax (ab.)
other_fax     Altro fax

[nl]
day_first     yes
encoding      cp1252
first         Voornaam
middle        Middelste naam
last          Achternaam
suffix        Achtervoegsel
company       Bedrijf
email1        E-mailadres
email2        E-mailadres 2
email3        E-mailadres 3
birthday      Verjaardag
anniversary   Speciale datum
notes         Notities
categories    Categorieën
primary       Hoofdtelefoon
mobile        Mobiele telefoon
business      Telefoon op werk
home          Telefoon thuis
business2     Telefoon op werk 2
home2         Telefoon thuis 2
company_main  Hoofdtelefoon bedrijf
other         Andere telefoon
car           Autotelefoon
callback      Terugbellen
assistant     Telefoon assistent
radio         Radiotelefoon
isdn          ISDN
tty           Teksttelefoon
telex         Telex
pager         Pager
business_fax  Fax op werk
home_fax      Fax thuis
other_fax     Andere fax

[pt-BR]
day_first     yes
encoding      cp1252
first         Primeiro nome
middle        Segundo nome
last          Sobrenome
suffix        Sufixo
company       Empresa
email1        E-mail Address
email2        Endereço de email 2
email3        Endereço de email 3
birthday      Birthday
anniversary   Datas especiais
notes         Anotações
categories    Categorias
primary       Telefone principal
mobile        Telefone celular
business      Telefone comercial
home          Telefone residencial
business2     Telefone comercial 2
home2         Telefone residencial 2
company_main  Telefone principal da empresa
other         Outro telefone
car           Telefone do carro
callback      Retorno de chamada
assistant     Telefone do assistente
radio         Radiofone
isdn          ISDN
tty           Telefone TTY/TDD
telex         Telex
pager         Pager
business_fax  Fax comercial
home_fax      Fax residencial
other_fax     Outro fax

[pt-PT]
day_first     yes
encoding      cp1252
first         Primeiro nome
middle        Outros nomes/apelidos
last          Apelido
suffix        Sufixo
company       Empresa
email1        Endereço de correio electrónico
email2        Endereço do correio electrónico 2
email3        Endereço do correio electrónico 3
birthday      Data de nascimento
anniversary   Aniversário
notes         Notas
categories    Categorias
primary       Telefone principal
mobile        Telemóvel
business      Telefone da empresa
home          Telefone da residência
business2     2º telefone da empresa
home2         2º telefone da residência
company_main  Telefone principal da empresa
other         Outro telefone
car           Telefone do carro
callback      Tel. de resposta
assistant     Telefone do assistente
radio         Radiotelefone
isdn          RDIS
tty           Telefone TTY/TDD
telex         Telex
pager         Pager
business_fax  Fax da empresa
home_fax      Fax da residência
other_fax     Outro fax

[da]
day_first     yes
encoding      cp1252
first         Fornavn
middle        Mellemnavn
last          Efternavn
suffix        Suffiks
company       Firma
email1        E-mail-adresse
email2        E-mail 2-adresse
email3        E-mail 3-adresse
birthday      Fødselsdag
anniversary   Mærkedag
notes         Notater
categories    Kategorier
primary       Primær telefon
mobile        Mobiltelefon
business      Telefon (arbejde)
home          Telefon (privat)
business2     Telefon 2 (arbejde)
home2         Telefon 2 (privat)
company_main  Primær telefon (firma)
other         Anden telefon
car           Biltelefon
callback      Tilbagekald
assistant     Assistentens telefon
radio         Radiotelefon
isdn          ISDN
tty           TTY/TDD-telefon
telex         Telex
pager         Personsøger
business_fax  Fax (arbejde)
home_fax      Fax (privat)
other_fax     Anden fax

[sv]
day_first     yes
encoding      cp1252
first         Förnamn
middle        Mellannamn
last          Efternamn
suffix        Namnsuffix
company       Företag
email1        E-postadress
email2        E-postadress 2
email3        E-postadress 3
birthday      Födelsedag
anniversary   Årsdag
notes         Anteckningar
categories    Kategorier
primary       Telefon 1
mobile        Mobiltelefon
business      Arbete
home          Hem
business2     Telefon 2, arbete
home2         Telefon 2, hem
company_main  Företag, växel
other         Telefon, annan
car           Biltelefon
callback      Motringning
assistant     Telefon, assistent
radio         Telefon 2
isdn          ISDN
tty           TTY/TDD-telefon
telex         Telex
pager         Personsökare
business_fax  Fax arbete
home_fax      Fax, hem
other_fax     Fax, annan

[nb]
day_first     yes
encoding      cp1252
first         Fornavn
middle        Mellomnavn
last          Etternavn
suffix        Suffiks
company       Firma
email1        E-postadresse
email2        E-postadresse 2
email3        E-postadresse 3
birthday      Fødselsdag
anniversary   Merkedag
notes         Notater
categories    Kategorier
primary       Hovedtelefon
mobile        Mobiltelefon
business      Telefon, arb.
home          Telefon, priv.
business2     Telefon 2, arb.
home2         Telefon 2, priv.
company_main  Hovedtelefon for firma
other         Annen telefon
car           Biltelefon
callback      Tilbakeringing
assistant     Assistentens telefonnummer
radio         Radiotelefon
isdn          ISDN
tty           Telefon for hørselshemmede
telex         Teleks
pager         Personsøker
business_fax  Telefaks, arb.
home_fax      Telefaks, priv.
other_fax     Annen telefaks

[fi]
day_first     yes
encoding      cp1252
first         Etunimi
middle        Toinen nimi
last          Sukunimi
suffix        Jälkiliite
company       Yritys
email1        Sähköpostiosoite
email2        Sähköpostiosoite 2
email3        Sähköpostiosoite 3
birthday      Syntymäpäivä
anniversary   Vuosipäivä
notes         Muistilaput
categories    Luokat
primary       Ensisijainen puhelin
mobile        Matkapuhelin
business      Työpuhelin
home          Kotipuhelin
business2     Työpuhelin 2
home2         Kotipuhelin 2
company_main  Yrityksen puhelinvaihde
other         Muu puhelin
car           Autopuhelin
callback      Takaisinsoitto
assistant     Avustajan puhelinnumero
radio         Radiopuhelin
isdn          ISDN
tty           TTY/TDD-puhelin
telex         Teleksi
pager         Hakulaite
business_fax  Työfaksi
home_fax      Kotifaksi
other_fax     Muu faksi

[pl]
day_first     yes
encoding      cp1250
first         Imię
middle        Drugie imię
last          Nazwisko
suffix        Sufiks
company       Firma
email1        Adres e-mail
email2        Adres e-mail 2
email3        Adres e-mail 3
birthday      Urodziny
anniversary   Rocznica
notes         Notatki
categories    Kategorie
primary       Telefon podstawowy
mobile        Telefon komórkowy
business      Telefon służbowy
home          Telefon domowy
business2     Telefon służbowy 2
home2         Telefon domowy 2
company_main  Główny telefon do firmy
other         Inny telefon
car           Telefon w samochodzie
callback      Wywołanie zwrotne
assistant     Telefon asystenta
radio         Radiotelefon
isdn          ISDN
tty           Telefon TTY/TDD
telex         Teleks
pager         Pager
business_fax  Faks służbowy
home_fax      Faks domowy
other_fax     Inny faks

[cs]
day_first     yes
encoding      cp1250
first         Jméno
middle        2. křestní jméno
last          Příjmení
suffix        Za příjmením
company       Společnost
email1        E-mailová adresa
email2        E-mailová adresa 2
email3        E-mailová adresa 3
birthday      Narozeniny
anniversary   Výročí
notes         Poznámky
categories    Kategorie
primary       Primární telefon
mobile        Mobilní telefon
business      Telefon (zam.)
home          Telefon domů
business2     Telefon 2 (zam.)
home2         Telefon 2 domů
company_main  Telefon společnosti
other         Jiný telefon
car           Telefon do auta
callback      Zpětné volání
assistant     Telefon asistenta
radio         Radiotelefon
isdn          ISDN
tty           Pro neslyšící
telex         Dálnopis
pager         Operátor
business_fax  Fax (zam.)
home_fax      Fax domů
other_fax     Jiný fax

[hu]
day_first     yes
encoding      cp1250
first         Utónév
middle        Középső
last          Vezetéknév
suffix        Utótag
company       Cég
email1        E-mail cím
email2        2. e-mail cím
email3        3. e-mail cím
birthday      Születésnap
anniversary   Évforduló
notes         Feljegyzések
categories    Kategóriák
primary       Elsődleges telefon
mobile        Mobiltelefon
business      Hivatali telefon
home          Otthoni telefon
business2     Másik hivatali telefon
home2         Másik otthoni telefon
company_main  Cég fővonala
other         Egyéb telefon
car           Autótelefon
callback      Visszahívás
assistant     Asszisztens telefonszáma
radio         Rádiótelefon
isdn          ISDN
tty           TTY/TDD telefon
telex         Telex
pager         Személyhívó
business_fax  Hivatali fax
home_fax      Otthoni fax
other_fax     Egyéb fax

[ru]
day_first     yes
encoding      cp1251
first         Имя
middle        Отчество
last          Фамилия
suffix        Суффикс
company       Организация
email1        Адрес эл. почты
email2        Адрес 2 эл. почты
email3        Адрес 3 эл. почты
birthday      День рождения
anniversary   Годовщина
notes         Заметки
categories    Категории
primary       Основной телефон
mobile        Телефон переносной
business      Рабочий телефон
home          Домашний телефон
business2     Телефон раб. 2
home2         Телефон дом. 2
company_main  Основной телефон организации
other         Другой телефон
car           Телефон в машине
callback      Обратный вызов
assistant     Телефон помощника
radio         Радиотелефон
isdn          ISDN
tty           Телетайп/телефон с титрами
telex         Телекс
pager         Пейджер
business_fax  Рабочий факс
home_fax      Домашний факс
other_fax     Другой факс

[tr]
day_first     yes
encoding      cp1254
first         İlk Adı
middle        İkinci Adı
last          Soyadı
suffix        Sonek
company       Şirket
email1        Elektronik Posta Adresi
email2        Elektronik Posta 2 Adres
email3        Elektronik Posta 3 Adres
birthday      Doğum günü
anniversary   Yıldönümü
notes         Notlar
categories    Kategoriler
primary       Birincil Telefon
mobile        Cep Telefonu
business      İş Telefon No
home          Ev Telefonu
business2     İş Telefonu 2
home2         Ev Telefonu 2
company_main  Şirket Santral Telefonu
other         Diğer Telefon No
car           Araç Telefonu
callback      Geri Arama
assistant     Yardımcının Telefonu
radio         Telsiz Telefon
isdn          ISDN
tty           TTY/TDD Telefonu
telex         Teleks
pager         Çağrı Cihazı
business_fax  İş Faks No
home_fax      Ev-Faks No
other_fax     Diğer Faks No
"""
