"""Word lists the rule-based tagger uses to tell names from ordinary words.

Every list is plain data, grouped by language (ISO 639-1) where that matters.
Words are written as they appear in text; the tagger compares them ignoring case
but not accents (Vietnamese "Vẫn" is a function word, the name syllable "Văn" is
not). Multi-word entries (``"Tổng thống"``, ``"Prime Minister"``) are matched as
phrases, whatever the case of their inner words.
"""

from __future__ import annotations

# Capitalised at the start of a sentence, these are ordinary words, not names.
# They are stripped from the front of a candidate name and never tagged alone.
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "A", "About", "Above", "Across", "After", "Afterwards", "Again", "Against", "Ago",
        "All", "Almost", "Along", "Already", "Also", "Although", "Always", "Am", "Among",
        "An", "And", "Another", "Any", "Anyone", "Anything", "Are", "Around", "As", "At",
        "Be", "Because", "Been", "Before", "Being", "Below", "Besides", "Between", "Beyond",
        "Both", "But", "By", "Can", "Could", "Despite", "Did", "Do", "Does", "Down",
        "During", "Each", "Earlier", "Either", "Else", "Even", "Ever", "Every",
        "Everyone", "Everything", "Few", "Finally", "First", "For", "Former", "From",
        "Further", "Furthermore", "Had", "Has", "Have", "He", "Her", "Here", "Hers",
        "Herself", "Him", "Himself", "His", "How", "However", "I", "If", "In", "Indeed",
        "Inside", "Instead", "Into", "Is", "It", "Its", "Itself", "Just", "Last", "Later",
        "Lately", "Least", "Less", "Like", "Many", "Maybe", "Me", "Meanwhile",
        "Might", "More", "Moreover", "Most", "Much", "Must", "My", "Near", "Nearly",
        "Neither", "Never", "Nevertheless", "Next", "No", "Nobody", "None", "Nor", "Not",
        "Nothing", "Now", "Of", "Off", "Often", "On", "Once", "One", "Only", "Onto", "Or",
        "Other", "Others", "Otherwise", "Our", "Ours", "Out", "Over", "Perhaps", "Please",
        "Rather", "Recently", "Regardless", "Second", "Several", "Shall", "She", "Should",
        "Since", "So", "Some", "Someone", "Something", "Sometimes", "Soon", "Still",
        "Such", "Than", "That", "The", "Their", "Theirs", "Them", "Themselves", "Then",
        "There", "Therefore", "These", "They", "Third", "This", "Those", "Though",
        "Through", "Throughout", "Thus", "To", "Today", "Together", "Tomorrow", "Tonight",
        "Too", "Toward", "Towards", "Under", "Unless", "Unlike", "Until", "Up", "Upon",
        "Us", "We", "Well", "Were", "What", "Whatever", "When", "Whenever", "Where",
        "Whereas", "Whether", "Which", "While", "Who", "Whoever", "Whom", "Whose", "Why",
        "With", "Within", "Without", "Would", "Yes", "Yesterday", "Yet", "You",
        "Your", "Yours", "According", "Additionally", "Asked", "Currently", "Overall",
        "Nonetheless", "Thanks", "Yeah", "Oh", "Hello", "Dear", "Click", "Subscribe",
        "Updated", "Posted", "Published", "Advertisement", "Related", "Continue",
        "Copyright", "Having", "Getting", "Making", "Taking", "Asked", "Said", "Says",
        "Let", "Let's", "Here's", "There's", "What's", "That's", "It's", "Whether",
    ),
    "fr": (
        "À", "Actuellement", "Afin", "Ailleurs", "Ainsi", "Alors", "Après", "Au",
        "Aucun", "Aucune", "Aujourd'hui", "Auparavant", "Aussi", "Autant", "Autre",
        "Autres", "Aux", "Avant", "Avec", "Bien", "Bref", "C'est", "Ça", "Car", "Ce",
        "Ceci", "Cela", "Celle", "Celles", "Celui", "Cependant", "Certains", "Certaines",
        "Ces", "Cet", "Cette", "Ceux", "Chacun", "Chaque", "Chez", "Ci", "Comme",
        "Comment", "Concernant", "Contre", "D'abord", "D'ailleurs", "D'après", "Dans",
        "De", "Déjà", "Depuis", "Derrière", "Des", "Désormais", "Dès", "Donc", "Dont",
        "Du", "Durant", "Elle", "Elles", "En", "Enfin", "Ensuite", "Entre", "Environ",
        "Et", "Était", "Été", "Être", "Eux", "Face", "Fin", "Grâce", "Hier", "Ici", "Il",
        "Ils", "Jamais", "Je", "Jusqu'à", "Jusque", "La", "Là", "Le", "Lequel", "Les",
        "Leur", "Leurs", "Lors", "Lorsque", "Lui", "Ma", "Mais", "Malgré", "Même",
        "Mes", "Moi", "Mon", "Néanmoins", "Ni", "Non", "Nos", "Notre", "Nous", "Or",
        "Ou", "Où", "Oui", "Par", "Parce", "Parmi", "Pas", "Pendant", "Peu", "Plus",
        "Plusieurs", "Pour", "Pourquoi", "Pourtant", "Près", "Puis", "Qu'il", "Quand",
        "Que", "Quel", "Quelle", "Quelles", "Quels", "Quelque", "Quelques", "Qui",
        "Quoi", "Rien", "Sa", "Sans", "Selon", "Ses", "Si", "Sinon", "Soit", "Son",
        "Sous", "Sur", "Ta", "Tandis", "Tant", "Tel", "Telle", "Tes", "Toi", "Ton",
        "Tous", "Tout", "Toute", "Toutes", "Toutefois", "Très", "Tu", "Un", "Une",
        "Vers", "Via", "Voici", "Voilà", "Vos", "Votre", "Vous", "Outre", "Également",
        "Notamment", "Désormais", "Demain", "Aujourd", "Partout", "Surtout", "Seul",
        "Seule", "Selon", "Lire", "Voir", "Publié", "Mis", "Suivez", "Partager",
        "Abonnez", "Crédit", "Légende", "Auteur", "Envoyé", "Spécial", "Source",
    ),
    "vi": (
        "Theo", "Trong", "Tuy", "Nhưng", "Khi", "Sau", "Trước", "Ngoài", "Các",
        "Những", "Một", "Đây", "Điều", "Vì", "Do", "Nếu", "Tại", "Ở", "Với", "Cũng",
        "Đó", "Này", "Hiện", "Ngày", "Tháng", "Năm", "Còn", "Bên", "Về", "Từ", "Đến",
        "Cùng", "Hôm", "Sáng", "Chiều", "Tối", "Trưa", "Đêm", "Vào", "Lúc", "Được",
        "Cho", "Là", "Đã", "Sẽ", "Đang", "Có", "Không", "Chưa", "Tôi", "Chúng", "Họ",
        "Em", "Cô", "Chú", "Bác", "Người", "Ngài", "Mọi", "Mỗi", "Nhiều", "Ít", "Rất",
        "Vẫn", "Thì", "Mà", "Hay", "Hoặc", "Và", "Để", "Bởi", "Nên", "Vậy", "Thế",
        "Như", "Dù", "Mặc", "Ngay", "Chỉ", "Riêng", "Đặc", "Cả", "Toàn", "Hơn", "Gần",
        "Xem", "Bài", "Ảnh", "Nguồn", "Video", "Clip", "Tin", "Đọc", "Chia", "Bình",
        "Thêm", "Liên", "Tiếp", "Ngoài", "Dưới", "Trên", "Giữa", "Qua", "Hai", "Ba",
        "Bốn", "Năm", "Mười", "Trăm", "Nghìn", "Triệu", "Tỷ", "Hiện nay", "Tuy nhiên",
        "Bên cạnh", "Đồng thời", "Trước đó", "Sau đó", "Ngoài ra", "Cùng chủ đề",
        "Cùng chuyên mục", "Cùng tác giả", "Tin liên quan", "Bình luận",
    ),
    "de": (
        "Aber", "Alle", "Allerdings", "Als", "Also", "Am", "An", "Auch", "Auf", "Aus",
        "Bei", "Bis", "Bisher", "Da", "Dabei", "Dadurch", "Dafür", "Damit", "Danach",
        "Dann", "Darauf", "Das", "Dass", "Dem", "Den", "Denn", "Der", "Deshalb", "Des",
        "Die", "Dies", "Diese", "Dieser", "Dieses", "Doch", "Dort", "Du", "Durch",
        "Ein", "Eine", "Einem", "Einen", "Einer", "Eines", "Er", "Es", "Etwa", "Für",
        "Gegen", "Heute", "Hier", "Ich", "Ihr", "Ihre", "Im", "In", "Inzwischen", "Ja",
        "Jedoch", "Jetzt", "Kein", "Keine", "Laut", "Man", "Mehr", "Mit", "Nach",
        "Nachdem", "Nein", "Nicht", "Noch", "Nun", "Nur", "Ob", "Obwohl", "Oder",
        "Ohne", "Schon", "Seit", "Sein", "Seine", "Sie", "So", "Sowie", "Trotz",
        "Über", "Um", "Und", "Unter", "Viele", "Vom", "Von", "Vor", "Während", "Was",
        "Weil", "Wenn", "Wer", "Wie", "Wir", "Wo", "Zudem", "Zum", "Zur", "Zwar",
        "Zwischen", "Gestern", "Morgen", "Derzeit", "Demnach", "Zunächst",
    ),
    "es": (
        "A", "Además", "Ahora", "Al", "Algunos", "Ante", "Antes", "Aquí", "Así", "Aun",
        "Aunque", "Bajo", "Cada", "Como", "Cómo", "Con", "Contra", "Cuando", "Cuál",
        "De", "Del", "Desde", "Después", "Donde", "Dónde", "Durante", "El", "Ella",
        "Ellos", "En", "Entonces", "Entre", "Era", "Es", "Esa", "Ese", "Eso", "Esta",
        "Está", "Este", "Esto", "Estos", "Fue", "Hace", "Hasta", "Hay", "Hoy", "La",
        "Las", "Le", "Les", "Lo", "Los", "Más", "Mientras", "Muy", "Nada", "Ni", "No",
        "Nos", "Nosotros", "Nunca", "O", "Otro", "Otros", "Para", "Pero", "Por",
        "Porque", "Qué", "Que", "Quien", "Se", "Según", "Ser", "Si", "Sí", "Sin",
        "Sobre", "Su", "Sus", "También", "Tampoco", "Tanto", "Todo", "Todos", "Tras",
        "Un", "Una", "Uno", "Unos", "Usted", "Y", "Ya", "Yo", "Sin embargo", "Mañana",
        "Ayer", "Luego", "Finalmente", "Incluso",
    ),
    "pt": (
        "A", "Ainda", "Além", "Ao", "Aos", "Apesar", "Após", "Aqui", "As", "Assim",
        "Até", "Cada", "Com", "Como", "Contra", "Da", "Das", "De", "Depois", "Desde",
        "Do", "Dos", "E", "Ela", "Ele", "Eles", "Em", "Enquanto", "Entre", "Era",
        "Essa", "Esse", "Esta", "Está", "Este", "Eu", "Foi", "Há", "Hoje", "Isso",
        "Já", "Mas", "Mais", "Muito", "Na", "Nas", "Nem", "No", "Nos", "Nós", "Não",
        "Num", "Numa", "O", "Onde", "Os", "Ou", "Para", "Pela", "Pelo", "Por", "Porém",
        "Porque", "Quando", "Que", "Quem", "Se", "Segundo", "Sem", "Sobre", "Sua",
        "Seu", "Também", "Todavia", "Todos", "Um", "Uma", "Você", "Contudo", "Ontem",
        "Amanhã", "Entretanto",
    ),
    "it": (
        "A", "Ad", "Al", "Alla", "Alle", "Allora", "Anche", "Ancora", "Che", "Chi",
        "Ci", "Come", "Con", "Così", "Da", "Dal", "Dalla", "Dei", "Del", "Della",
        "Delle", "Di", "Dopo", "Dove", "Durante", "E", "Ed", "Egli", "Era", "Gli",
        "Già", "Ha", "Hanno", "I", "Il", "In", "Infatti", "Inoltre", "Invece", "Io",
        "La", "Le", "Lei", "Lo", "Loro", "Lui", "Ma", "Mentre", "Molto", "Nel",
        "Nella", "Nelle", "Noi", "Non", "Ogni", "Oggi", "O", "Oppure", "Per",
        "Perché", "Però", "Più", "Poi", "Prima", "Quando", "Quasi", "Quello",
        "Questa", "Questo", "Secondo", "Se", "Senza", "Si", "Sono", "Su", "Sua",
        "Sul", "Sulla", "Suo", "Tra", "Tutti", "Tutto", "Un", "Una", "Uno", "Già",
        "Ieri", "Domani", "Tuttavia", "Dunque", "Quindi",
    ),
}

# Page furniture that scrapers leave behind; never an entity, in any language.
BOILERPLATE: tuple[str, ...] = (
    "Photo", "Photos", "Source", "Sources", "Comment", "Comments", "No data",
    "Event Calendar", "Image", "Images", "Video", "Videos", "Share", "Tweet", "Pin",
    "Caption", "Credit", "Credits", "Getty", "File", "Loading", "Advertisement",
    "Sponsored", "Newsletter", "Podcast", "Gallery", "Slideshow", "Audio", "Live",
    "No videos available", "Read more", "Read also", "See also", "Click here",
    "Back to top", "Ảnh", "Nguồn", "Lire aussi", "Voir aussi", "Foto", "Fuente",
    "Fonte", "Quelle", "Bild", "Anzeige", "All rights reserved",
)

# Days and months: never entities, but harmless inside a longer name
# ("Theresa May"), so they are only dropped when they stand alone.
CALENDAR_WORDS: tuple[str, ...] = (
    # en
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    # fr
    "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche",
    "Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
    "Septembre", "Octobre", "Novembre", "Décembre",
    # de
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
    "Januar", "Februar", "März", "Juni", "Juli", "Oktober", "Dezember",
    # es
    "Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo",
    "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto",
    "Septiembre", "Octubre", "Noviembre", "Diciembre",
    # pt
    "Segunda", "Terça", "Quarta", "Quinta", "Sexta", "Janeiro", "Fevereiro",
    "Março", "Maio", "Junho", "Julho", "Setembro", "Outubro", "Novembro", "Dezembro",
    # it
    "Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato", "Domenica",
    "Gennaio", "Febbraio", "Aprile", "Maggio", "Giugno", "Luglio", "Settembre",
    "Ottobre", "Dicembre",
    # vi
    "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật",
    "Chủ Nhật", "Thứ",
    # time zones and times of day
    "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "MSK", "IST", "JST", "KST",
    "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "ET", "PT", "AM", "PM",
    "A.M.", "P.M.", "ICT",
    # holidays
    "Christmas", "Easter", "Thanksgiving", "Halloween", "New Year", "New Year's",
    "Ramadan", "Eid", "Hanukkah", "Passover", "Noël", "Pâques", "Tết", "Tet",
    "Weihnachten", "Navidad", "Natale",
)

# Nationality adjectives and a few generic capitalised nouns: dropped when alone
# ("Russian officials"), kept inside a name ("American Airlines").
WEAK_WORDS: tuple[str, ...] = (
    "American", "Americans", "Russian", "Russians", "Ukrainian", "Ukrainians",
    "British", "Briton", "Britons", "English", "French", "German", "Germans",
    "Chinese", "Japanese", "Korean", "Koreans", "Indian", "Indians", "Pakistani",
    "Israeli", "Israelis", "Palestinian", "Palestinians", "Iranian", "Iranians",
    "Iraqi", "Iraqis", "Syrian", "Syrians", "Turkish", "Greek", "Greeks", "Italian",
    "Italians", "Spanish", "Portuguese", "Brazilian", "Brazilians", "Mexican",
    "Mexicans", "Canadian", "Canadians", "Australian", "Australians", "European",
    "Europeans", "African", "Africans", "Asian", "Asians", "Arab", "Arabs", "Western",
    "Eastern", "Northern", "Southern", "Vietnamese", "Thai", "Filipino", "Polish",
    "Dutch", "Swedish", "Norwegian", "Danish", "Finnish", "Swiss", "Austrian",
    "Belgian", "Irish", "Scottish", "Welsh", "Argentine", "Argentinian", "Chilean",
    "Colombian", "Venezuelan", "Cuban", "Egyptian", "Saudi", "Afghan", "Nigerian",
    "Kenyan", "Somali", "Turkmen", "Belarusian", "Georgian", "Hungarian", "Czech",
    "Romanian", "Serbian", "Croatian", "Muslim", "Muslims", "Christian", "Christians",
    "Jewish", "Catholic", "Democrat", "Democrats", "Republican", "Republicans",
    "Américains", "Russes", "Ukrainiens", "Européens", "Français", "Chinois",
    "Allemands", "Britanniques", "Internet", "Web", "État", "États", "Etat", "Etats",
    "Président", "Présidente", "Premier", "Gouvernement", "Ministre", "Government",
    "Mr", "Sir", "Madam", "God", "Dieu", "Earth", "Terre", "Islamic", "Soviet",
    "Sunni", "Shia", "Shiite", "Kurdish", "Kurds", "Communist", "Democratic", "Liberal",
    "Conservative", "Socialist", "Labour", "Labor", "Green", "Greens",
    "Central", "North", "South", "East", "West", "Northeast", "Northwest",
    "Southeast", "Southwest", "Midwest",
    # government departments named without their head noun ("Interior Secretary")
    "Interior", "Commerce", "Defense", "Defence", "Justice", "State", "Treasury",
    "Energy", "Agriculture", "Education", "Health", "Transportation", "Homeland",
    "Homeland Security", "Labor", "Finance", "Foreign", "Home", "Public Relations",
    "Défense", "Intérieur", "Santé", "Économie", "Affaires", "Armées", "Quốc phòng",
    # page words that may also start a name ("Home Office", "Human Rights Watch")
    "Top", "Menu", "Search", "Log", "Login", "Register", "Print", "Email", "Follow",
    "Read", "Watch", "Editor", "Note", "Analysis", "Opinion", "Sign", "Update",
    "Breaking", "Exclusive", "Latest", "More", "Rights", "Reserved", "Video", "Watch",
    # everyday acronyms and abbreviations
    "TV", "DVD", "CD", "GPS", "SUV", "DNA", "USD", "EUR", "MP", "MPs", "KO", "KOs",
    "TKO", "RBI", "RBIs", "HIV", "AI", "IT", "PC", "ID", "VIP", "CCTV", "HQ", "PR",
    "FAQ", "OK", "CEO", "CEOs", "CFO", "COO", "CTO", "GDP", "IPO", "ETF", "LGBT",
    "LGBTQ", "No.", "Nos.", "Vol.", "Ch.", "Pt.", "Fig.", "Ill", "Ore", "Md", "Va",
    # common English words often capitalised in titles of works and headlines
    "Take", "Make", "Get", "Give", "Go", "Come", "Keep", "Let", "Allow", "Likely",
    "Succeed", "Appropriate", "Regarding", "Article", "Council", "Leader", "Calendar",
    "Boy", "Girl", "Man", "Men", "Woman", "Women", "Year", "Years", "Day", "Days",
    "Time", "Times", "World", "Life", "Love", "Game", "Games", "Story", "Week",
    "Night", "House", "Party", "Show", "Star", "Stars", "War", "Peace", "City", "Town",
    "Street", "Road", "Family", "Friends", "Guide", "Report", "Review", "Rules",
    "Rule", "Science", "Fire", "Bank", "Strike", "Death", "Court", "Police", "People",
    "Department", "Ministry", "Committee", "Commission", "Parliament", "Senate",
    "Congress", "Agency", "Office", "Board", "Union", "Club", "Team", "League",
    "Party", "University", "School", "College", "Church", "Hospital", "Center",
    "Centre", "Museum", "Airport", "Station", "Park", "Santa", "Mom", "Dad", "Baby",
    "King", "Queen", "Prince", "Princess", "Lord", "Lady", "Sir", "Saint", "Hero",
    "Heroes", "Legend", "Legends", "Icon", "Idol", "Host", "Hosts", "Winner",
    "Winners", "Champion", "Champions", "Final", "Finals", "Cup", "Open", "Award",
    "Awards", "Prize", "Medal", "Gold", "Silver", "Bronze", "New", "Old", "Big",
    "Small", "Great", "Good", "Best", "Better", "Bad", "Worst", "High", "Low",
    "Real", "True", "Free", "Full", "Part", "End", "Start", "Back", "Out", "Off",
    "Up", "Down", "Over", "Under", "Inside", "Outside", "Again", "Still", "Even",
    "Never", "Ever", "Always", "Only", "Just", "Also", "Very", "Really", "Here",
    "There", "Now", "Then", "Today", "Tonight", "Tomorrow", "Yesterday",
    # words that sit before a title ("Senior Vice President", "Assistant Coach")
    "Senior", "Junior", "Assistant", "Associate", "Executive", "Acting", "Interim",
    "Former", "Vice", "Deputy", "Head", "Managing", "General", "Chief", "Lead",
    "Principal", "Special", "Co",
)

# Words dropped from the end of a name when a title follows: in "Sixers Senior Vice
# President", "Senior" belongs to the title, not to "Sixers".
TITLE_MODIFIERS: tuple[str, ...] = (
    "Senior", "Junior", "Assistant", "Associate", "Executive", "Acting", "Interim",
    "Former", "Vice", "Deputy", "Head", "Managing", "General", "Chief", "Lead",
    "Principal", "Special", "Co", "First", "Second", "Defense", "Defence", "Foreign",
    "Interior", "Commerce", "Justice", "Treasury", "Energy", "Press", "Finance",
    "Home", "State", "Prime", "Supreme", "Majority", "Minority", "Team", "Club",
)

# Honorifics and titles: stripped from names, and a strong hint that a person follows.
HONORIFICS: dict[str, tuple[str, ...]] = {
    "en": (
        "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Dr", "Dr.", "Prof",
        "Prof.", "Sir", "Dame", "Lord", "Lady", "President", "Vice President",
        "Prime Minister", "Deputy Prime Minister", "Minister", "Foreign Minister",
        "Defence Minister", "Defense Minister", "Finance Minister", "Chancellor",
        "Secretary", "Secretary of State", "Secretary-General", "Secretary General",
        "Defense Secretary", "Defence Secretary", "Press Secretary", "Foreign Secretary",
        "Home Secretary", "Treasury Secretary", "Attorney General", "Senator", "Sen.",
        "Representative", "Rep.", "Congressman", "Congresswoman", "Governor", "Gov.",
        "Mayor", "Ambassador", "Judge", "Chief Justice", "Chairman", "Chairwoman", "CEO", "Chief Executive", "Founder", "Co-founder",
        "Director", "Spokesman", "Spokeswoman", "Spokesperson", "Gen.",
        "Lt.", "Lieutenant", "Colonel", "Col.", "Maj.", "Captain", "Capt.",
        "Sergeant", "Sgt.", "Admiral", "Adm.", "Commander", "Officer", "Detective",
        "Det.", "Sheriff", "Deputy", "Inspector", "Coach", "Head Coach", "Manager",
        "General Manager", "King", "Queen", "Prince", "Princess", "Pope", "Cardinal",
        "Archbishop", "Bishop", "Rev.", "Reverend", "Father", "Rabbi", "Imam", "Sheikh",
        "Emir", "Professor", "Doctor", "Trooper", "Constable", "Pres.", "Hon.",
        "Actor", "Actress", "Singer", "Defendant", "Prosecutor", "Attorney", "Rapper",
        "Billionaire", "Tycoon", "Lawmaker", "Opposition Leader", "State Senator",
        "Supreme Leader", "Crown Prince", "Speaker", "Premier", "Commissioner",
        "Referee", "Owner", "Comedian", "Chief Executive Officer", "Chief of Staff",
        "Majority Leader", "Minority Leader", "Vice Chairman", "Lawyer", "Producer",
        "Writer", "Author", "Novelist", "Director General", "Director-General",
        "Commodore", "Superintendent", "Chancellor", "Counsel", "Pastor", "GM", "VP",
        "Principal", "Headmaster", "Striker", "Goalkeeper", "Pitcher", "Quarterback",
    ),
    "fr": (
        "M.", "MM.", "Mme", "Mme.", "Mmes", "Mlle", "Mlle.", "Monsieur", "Madame",
        "Mademoiselle", "Me", "Dr", "Pr", "Président", "Présidente", "président",
        "présidente", "Premier ministre", "Première ministre", "ministre", "Ministre",
        "chancelier", "Chancelier", "secrétaire d'État", "secrétaire général",
        "porte-parole", "général", "Général", "colonel", "Sa Majesté", "roi", "reine",
        "prince", "princesse", "pape", "milliardaire", "sénateur", "sénatrice",
        "député", "députée", "maire", "ambassadeur", "ambassadrice", "juge",
        "procureur", "patron", "PDG", "fondateur", "l'auteur", "auteur", "animateur",
        "animatrice", "journaliste", "politologue", "chanteur", "chanteuse", "acteur",
        "actrice", "entraîneur", "dirigeant", "chef", "homologue",
    ),
    "vi": (
        "Ông", "Bà", "Anh", "Chị", "Cô", "Tổng thống", "Thủ tướng", "Chủ tịch",
        "Chủ tịch nước", "Tổng Bí thư", "Phó Thủ tướng", "Phó Tổng thống",
        "Phó Chủ tịch", "Bộ trưởng", "Thứ trưởng", "Ngoại trưởng", "Đại sứ",
        "Người phát ngôn", "Phát ngôn viên", "Tỷ phú", "tỷ phú", "Giáo sư", "Tiến sĩ",
        "GS.", "PGS.", "TS.", "ThS.", "BS.", "Nhà báo", "Thượng nghị sĩ",
        "Hạ nghị sĩ", "Nghị sĩ", "Thống đốc", "Thị trưởng", "Tướng", "Đại tướng",
        "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Giám đốc",
        "Tổng giám đốc", "Nhà sáng lập", "Vua", "Nữ hoàng", "Hoàng tử", "Giáo hoàng",
        "Quốc vương", "Ca sĩ", "Diễn viên", "Huấn luyện viên", "HLV",
    ),
    "de": (
        "Herr", "Frau", "Bundeskanzler", "Bundeskanzlerin", "Kanzler", "Kanzlerin",
        "Präsident", "Präsidentin", "Bundespräsident", "Minister", "Ministerin",
        "Außenminister", "Außenministerin", "Regierungssprecher", "Sprecher",
        "Sprecherin", "Milliardär", "Chef", "Chefin", "Bürgermeister",
    ),
    "es": (
        "Sr.", "Sra.", "Srta.", "Don", "Doña", "presidente", "Presidente", "presidenta",
        "Presidenta", "ministro", "Ministro", "ministra", "canciller", "Canciller",
        "portavoz", "multimillonario", "alcalde", "alcaldesa", "rey", "reina",
    ),
    "pt": (
        "Sr.", "Sra.", "Dona", "presidente", "Presidente", "ministro", "Ministro",
        "ministra", "porta-voz", "bilionário", "prefeito", "governador",
    ),
    "it": (
        "Sig.", "Sig.ra", "Signor", "Signora", "Dott.", "presidente", "Presidente",
        "premier", "ministro", "Ministro", "portavoce", "miliardario", "sindaco",
    ),
}

# Words that, written just before an unknown name, suggest a person (not stripped:
# they are lowercase in running text, so they never join a name).
PERSON_CUES: tuple[str, ...] = (
    "billionaire", "actor", "actress", "singer", "rapper", "author", "writer",
    "host", "anchor", "journalist", "reporter", "analyst", "spokesman",
    "spokeswoman", "spokesperson", "lawyer", "attorney", "coach", "player",
    "forward", "guard", "striker", "goalkeeper", "pitcher", "boxer", "champion",
    "director", "producer", "founder", "chief", "executive", "minister", "senator",
    "governor", "mayor", "officer", "suspect", "defendant", "victim", "rep",
    "star", "model", "politician", "leader", "president", "premier", "judge",
    "son", "daughter", "wife", "husband", "mother", "father", "brother", "sister",
    "mr", "mrs", "ms", "dr", "m", "mme", "madame", "monsieur", "milliardaire",
    "président", "présidente", "ministre", "porte-parole", "politologue",
    "auteur", "l'auteur", "animateur", "animatrice", "journaliste", "acteur",
    "actrice", "chanteur", "chanteuse", "entraîneur", "ông", "bà", "anh", "chị",
    "tỷ phú", "tổng thống", "thủ tướng", "chủ tịch", "bộ trưởng", "ngoại trưởng",
    "người phát ngôn", "nhà báo", "ca sĩ", "diễn viên", "presidente", "ministro",
    "portavoz", "portavoce", "herr", "frau", "sprecher", "kanzler",
)

# A place probably follows these words (a weak hint, used for unknown names only).
PLACE_PREPOSITIONS: tuple[str, ...] = (
    "in", "at", "from", "near", "outside", "à", "en", "au", "aux", "vers", "tại",
    "ở", "đến", "nach", "aus", "bei", "em", "desde", "hacia", "nel", "nella",
)

# Name particles: lowercase words allowed inside a name between capitalised words.
NAME_PARTICLES: tuple[str, ...] = (
    "de", "du", "des", "da", "do", "dos", "das", "di", "del", "della", "van", "von",
    "der", "den", "ter", "ten", "bin", "ibn", "al", "el", "la", "le", "of", "&",
    "and", "et", "und", "for", "pour", "für",
)

# Particles that join two names only inside an organisation's name ("U.S. Fish and
# Wildlife Service", "Center for Biological Diversity"), not "Musk and Putin".
CONJUNCTIONS: tuple[str, ...] = ("and", "&", "et", "und", "for", "pour", "für")

# Capitalised words that keep their place inside a name when they follow another
# capitalised word ("Robert De Niro", "Marine Le Pen", "Ludwig Van Beethoven").
CAPITAL_PARTICLES: tuple[str, ...] = (
    "De", "Du", "Des", "Da", "Do", "Dos", "Das", "Di", "Del", "Della", "Van", "Von",
    "Der", "Den", "Ter", "Le", "La", "Los", "Las", "El", "Al", "Bin", "Ibn", "Mac",
)

# Last word of an organisation's name (or first word, for ORG_PREFIXES).
ORG_SUFFIXES: tuple[str, ...] = (
    "Group", "Inc", "Inc.", "Incorporated", "Ltd", "Ltd.", "Limited", "LLC", "LLP",
    "PLC", "Plc", "Corp", "Corp.", "Corporation", "Co", "Co.", "Company", "SA",
    "S.A.", "AG", "GmbH", "NV", "BV", "SE", "SpA", "Holdings", "Holding",
    "Partners", "Capital", "Ventures", "Bank", "Agency", "Journal", "Times", "Post",
    "News", "Herald", "Tribune", "Gazette", "Daily", "Magazine", "Review", "Press",
    "Network", "Media", "Studios", "Pictures", "Records", "Entertainment",
    "Party", "Ministry", "Department", "Office", "Bureau", "Commission", "Committee",
    "Council", "Assembly", "Parliament", "Senate", "Congress", "Court", "Tribunal",
    "Police", "Army", "Navy", "Force", "Forces", "Guard", "Service", "Services",
    "University", "College", "School", "Academy", "Institute", "Institution",
    "Foundation", "Fund", "Trust", "Association", "Federation", "Union", "League",
    "Alliance", "Organization", "Organisation", "Society", "Club", "FC", "Team",
    "Motors", "Airlines", "Airways", "Energy", "Oil", "Pharmaceuticals", "Labs",
    "Systems", "Technologies", "Technology", "Electronics", "Industries",
    "Hospital", "Center", "Centre", "Clinic", "Church", "Museum", "Theatre",
    "Theater", "Orchestra", "Exchange", "Authority", "Board", "Administration",
    "Reserve", "Treasury", "Command", "Corps", "Brigade", "Battalion", "Unit",
    "Treatment", "Reporter", "Sciences", "Centers", "Coalition", "Campaign",
    "Conservancy", "Program", "Programme", "Initiative", "Tech",
)
ORG_PREFIXES: tuple[str, ...] = (
    "Công ty", "Tập đoàn", "Bộ", "Ngân hàng", "Trường", "Đại học", "Viện", "Báo",
    "Đảng", "Ủy ban", "Sở", "Cục", "Tổng cục", "Quỹ", "Hội", "Hiệp hội", "Quân đội",
    "Tòa án", "Văn phòng", "Banque", "Université", "Ministère", "Parti", "Groupe",
    "Société", "Institut", "Agence", "Fondation", "Association", "Conseil",
    "Commission", "Comité", "Banco", "Universidad", "Universidade", "Partido",
    "Ministerio", "Ministério", "Fundación", "Universität", "Bundesamt",
    "Ministerium", "University", "Bank", "Ministry", "Department", "Bureau",
    "Office", "Institute", "Council",
)

# Words that mark a place name (last word, or first for PLACE_PREFIXES).
PLACE_SUFFIXES: tuple[str, ...] = (
    "City", "County", "Province", "State", "Island", "Islands", "River", "Lake",
    "Bay", "Sea", "Ocean", "Mountain", "Mountains", "Valley", "Beach", "Street",
    "Avenue", "Square", "Road", "Region", "Oblast", "Krai", "District", "Peninsula",
    "Strait", "Gulf", "Coast", "Desert", "Canyon", "Hills", "Heights", "Park",
    "Airport", "Port", "Harbor", "Harbour", "Bridge", "Cemetery", "Prison", "Jail",
    "Stadium", "Arena", "Tower", "Palace", "Plaza", "Boulevard", "Ave", "St",
)
PLACE_PREFIXES: tuple[str, ...] = (
    "Tỉnh", "Thành phố", "Huyện", "Quận", "Xã", "Phường", "Sông", "Biển", "Đảo",
    "Núi", "Hồ", "Vịnh", "Rue", "Avenue", "Place", "Mont", "Lac", "Île", "Saint",
    "Sainte", "San", "Santa", "São", "Lake", "Mount", "Fort", "Port", "Cape",
    "Gulf", "Bay", "Isle", "Sankt", "Bad",
)

# Corporate designators after a known name add nothing ("Tesla Inc" is Tesla).
CORPORATE_DESIGNATORS: tuple[str, ...] = (
    "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "PLC", "Plc", "Corp", "Corp.", "Co", "Co.",
    "SA", "S.A.", "AG", "GmbH", "NV", "SE", "SpA", "Jr", "Jr.", "Sr", "Sr.",
)

# A name starting with one of these is taken to be a person's.
FIRST_NAMES: tuple[str, ...] = (
    # English
    "Aaron", "Adam", "Alan", "Albert", "Alex", "Alexander", "Alice", "Amanda", "Amy",
    "Andrew", "Angela", "Ann", "Anna", "Anne", "Anthony", "Antony", "Arthur",
    "Barbara", "Ben", "Benjamin", "Bernie", "Betty", "Bettie", "Bill", "Billy", "Bob",
    "Brad", "Brandon", "Brenda", "Brian", "Bruce", "Carl", "Carol", "Caroline",
    "Catherine", "Charles", "Charlie", "Chris", "Christine", "Christopher", "Chuck",
    "Claire", "Craig", "Dan", "Daniel", "Dave", "David", "Deborah", "Dennis", "Diana",
    "Donald", "Donna", "Doug", "Douglas", "Ed", "Eddie", "Edward", "Elizabeth",
    "Ellen", "Emily", "Emma", "Eric", "Esther", "Frank", "Gary", "George", "Greg",
    "Gregg", "Gregory", "Hannah", "Harry", "Heather", "Helen", "Henry", "Hugh", "Ian",
    "Jack", "Jacob", "James", "Jane", "Janet", "Jason", "Jean", "Jeff", "Jeffrey",
    "Jennifer", "Jeremy", "Jerry", "Jessica", "Jim", "Jimmy", "Joan", "Joe", "John",
    "Johnny", "Jon", "Jonathan", "Joseph", "Josh", "Joshua", "Joyce", "Judy", "Julia",
    "Julie", "Justin", "Karen", "Kate", "Katherine", "Kathleen", "Keith", "Kelly",
    "Ken", "Kenneth", "Kevin", "Kim", "Kyle", "Larry", "Laura", "Lauren", "Lee",
    "Linda", "Lindsay", "Lisa", "Louis", "Lucy", "Margaret", "Maria", "Marie", "Mark",
    "Martha", "Martin", "Mary", "Matt", "Matthew", "Maurice", "Megan", "Melissa",
    "Michael", "Michelle", "Mike", "Nancy", "Nathan", "Nicholas", "Nick", "Nicole",
    "Olivia", "Pamela", "Patricia", "Patrick", "Paul", "Peter", "Phil", "Philip",
    "Rachel", "Ralph", "Randy", "Raymond", "Rebecca", "Richard", "Rick", "Robert",
    "Roger", "Ron", "Ronald", "Rose", "Roy", "Russell", "Ruth", "Ryan", "Sam",
    "Samuel", "Sandra", "Sarah", "Scott", "Sean", "Sharon", "Shirley", "Stephanie",
    "Stephen", "Steve", "Steven", "Susan", "Tara", "Teresa", "Terry", "Thomas", "Tim",
    "Timothy", "Tom", "Tony", "Tyler", "Victoria", "Vincent", "Walter", "Wayne",
    "William", "Willie", "Zachary", "Hillary", "Barack", "Mitt", "Kamala", "Nancy",
    "Elon", "Jeff", "Warren", "Mark", "Sundar", "Satya", "Tucker", "Rupert",
    # French
    "Alain", "Amélie", "Antoine", "Bernard", "Brigitte", "Camille", "Céline",
    "Christophe", "Claude", "Damien", "Didier", "Dominique", "Emmanuel", "Éric",
    "François", "Françoise", "Frédéric", "Gabriel", "Gérard", "Guillaume", "Hélène",
    "Isabelle", "Jacques", "Jean-Claude", "Jean-Luc", "Jean-Marie", "Jean-Pierre",
    "Julien", "Laurent", "Lionel", "Manon", "Marine", "Mathieu", "Michel", "Nathalie",
    "Nicolas", "Olivier", "Pascal", "Philippe", "Pierre", "Sébastien", "Sophie",
    "Stéphane", "Sylvie", "Thierry", "Valérie", "Yves", "Ségolène", "Édouard",
    # Spanish / Portuguese / Italian
    "Alejandro", "Ana", "Antonio", "Carlos", "Diego", "Fernando", "Francisco",
    "Gabriela", "Javier", "Jorge", "José", "Juan", "Luis", "Luiz", "Manuel", "Miguel",
    "Pablo", "Pedro", "Rafael", "Ricardo", "Sergio", "Jair", "Giorgia", "Giuseppe",
    "Giovanni", "Marco", "Matteo", "Paolo", "Silvio", "Mario", "Sergio", "Andrés",
    "Gustavo", "Nicolás", "Cristina", "Dilma", "João", "Paulo",
    # German / Dutch / Nordic
    "Angela", "Annalena", "Frank-Walter", "Friedrich", "Hans", "Helmut", "Jürgen",
    "Karl", "Klaus", "Olaf", "Ursula", "Wolfgang", "Mette", "Jens", "Lars", "Mark",
    "Viktor", "Andrzej", "Donald",
    # Slavic
    "Aleksandr", "Alexander", "Alexei", "Alexey", "Anatoly", "Andrei", "Andriy",
    "Boris", "Dmitri", "Dmitry", "Dmytro", "Igor", "Ivan", "Maria", "Mikhail",
    "Nikolai", "Oleg", "Olena", "Petro", "Ramzan", "Sergei", "Sergey", "Sergueï",
    "Vitali", "Vitaly", "Vladimir", "Volodymyr", "Wladimir", "Yevgeny", "Yulia",
    "Yuri", "Valery", "Valeriy", "Kirill", "Maxim", "Viktor", "Alexeï", "Dmitriy",
    # Arabic / Turkish / Persian / South Asian
    "Abdul", "Abdullah", "Ahmed", "Ali", "Hassan", "Hussein", "Ibrahim", "Khalid",
    "Mohammed", "Muhammad", "Mohamed", "Mahmoud", "Omar", "Recep", "Benjamin",
    "Narendra", "Rahul", "Imran", "Shehbaz", "Ebrahim", "Hasan", "Bashar", "Yahya",
    # East and South-East Asian (given names that often come first in Latin script)
    "Fumio", "Shinzo", "Yoon", "Kishida", "Ferdinand", "Joko", "Prabowo", "Anwar",
    "Lee", "Hun",
    # Vietnamese family names, which come first in a full name
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Tô",
    "Trịnh", "Đoàn", "Lương", "Vương", "Hà", "Tạ", "Cao", "Chu",
)
