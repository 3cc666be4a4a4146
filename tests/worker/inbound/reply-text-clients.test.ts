import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { extractReply } from '../../../worker/src/inbound/reply-text'
import { itExtractsEachReply } from './fixture-cases'
import appleMailNl from './fixtures/apple-mail-nl.eml?raw'
import bluemail from './fixtures/bluemail.eml?raw'
import gmailAr from './fixtures/gmail-ar.eml?raw'
import gmailCs from './fixtures/gmail-cs.eml?raw'
import gmailDa from './fixtures/gmail-da.eml?raw'
import gmailDe from './fixtures/gmail-de.eml?raw'
import gmailEl from './fixtures/gmail-el.eml?raw'
import gmailEs from './fixtures/gmail-es.eml?raw'
import gmailFi from './fixtures/gmail-fi.eml?raw'
import gmailHe from './fixtures/gmail-he.eml?raw'
import gmailHu from './fixtures/gmail-hu.eml?raw'
import gmailIt from './fixtures/gmail-it.eml?raw'
import gmailJa from './fixtures/gmail-ja.eml?raw'
import gmailKo from './fixtures/gmail-ko.eml?raw'
import gmailNb from './fixtures/gmail-nb.eml?raw'
import gmailNl from './fixtures/gmail-nl.eml?raw'
import gmailPl from './fixtures/gmail-pl.eml?raw'
import gmailPtBr from './fixtures/gmail-pt-br.eml?raw'
import gmailPtPt from './fixtures/gmail-pt-pt.eml?raw'
import gmailRo from './fixtures/gmail-ro.eml?raw'
import gmailRu from './fixtures/gmail-ru.eml?raw'
import gmailSv from './fixtures/gmail-sv.eml?raw'
import gmailTr from './fixtures/gmail-tr.eml?raw'
import gmailUk from './fixtures/gmail-uk.eml?raw'
import gmailZhCn from './fixtures/gmail-zh-cn.eml?raw'
import gmailZhTw from './fixtures/gmail-zh-tw.eml?raw'
import gmxDe from './fixtures/gmx-de.eml?raw'
import googleGroups from './fixtures/google-groups.eml?raw'
import htmlOnlyEntities from './fixtures/html-only-entities.eml?raw'
import ipadSv from './fixtures/ipad-sv.eml?raw'
import iphoneDe from './fixtures/iphone-de.eml?raw'
import iphoneEs from './fixtures/iphone-es.eml?raw'
import iphoneFr from './fixtures/iphone-fr.eml?raw'
import iphoneIt from './fixtures/iphone-it.eml?raw'
import iphoneJa from './fixtures/iphone-ja.eml?raw'
import iphoneNl from './fixtures/iphone-nl.eml?raw'
import iphonePt from './fixtures/iphone-pt.eml?raw'
import iphoneRu from './fixtures/iphone-ru.eml?raw'
import iphoneZh from './fixtures/iphone-zh.eml?raw'
import k9Android from './fixtures/k9-android.eml?raw'
import mailman2List from './fixtures/mailman2-list.eml?raw'
import mailman3List from './fixtures/mailman3-list.eml?raw'
import mailruRu from './fixtures/mailru-ru.eml?raw'
import outlookAndroidRu from './fixtures/outlook-android-ru.eml?raw'
import outlookDesktopAr from './fixtures/outlook-desktop-ar.eml?raw'
import outlookDesktopCs from './fixtures/outlook-desktop-cs.eml?raw'
import outlookDesktopDe from './fixtures/outlook-desktop-de.eml?raw'
import outlookDesktopEl from './fixtures/outlook-desktop-el.eml?raw'
import outlookDesktopEs from './fixtures/outlook-desktop-es.eml?raw'
import outlookDesktopFr from './fixtures/outlook-desktop-fr.eml?raw'
import outlookDesktopHe from './fixtures/outlook-desktop-he.eml?raw'
import outlookDesktopHu from './fixtures/outlook-desktop-hu.eml?raw'
import outlookDesktopJa from './fixtures/outlook-desktop-ja.eml?raw'
import outlookDesktopKo from './fixtures/outlook-desktop-ko.eml?raw'
import outlookDesktopNl from './fixtures/outlook-desktop-nl.eml?raw'
import outlookDesktopPt from './fixtures/outlook-desktop-pt.eml?raw'
import outlookDesktopRo from './fixtures/outlook-desktop-ro.eml?raw'
import outlookDesktopRu from './fixtures/outlook-desktop-ru.eml?raw'
import outlookDesktopUk from './fixtures/outlook-desktop-uk.eml?raw'
import outlookDesktopZh from './fixtures/outlook-desktop-zh.eml?raw'
import outlookIosFr from './fixtures/outlook-ios-fr.eml?raw'
import outlookMacFr from './fixtures/outlook-mac-fr.eml?raw'
import outlookWebDa from './fixtures/outlook-web-da.eml?raw'
import outlookWebFi from './fixtures/outlook-web-fi.eml?raw'
import outlookWebIt from './fixtures/outlook-web-it.eml?raw'
import outlookWebPl from './fixtures/outlook-web-pl.eml?raw'
import outlookWebSv from './fixtures/outlook-web-sv.eml?raw'
import outlookWebTr from './fixtures/outlook-web-tr.eml?raw'
import proton from './fixtures/proton.eml?raw'
import protonmailLegacy from './fixtures/protonmail-legacy.eml?raw'
import samsungDe from './fixtures/samsung-de.eml?raw'
import samsungEn from './fixtures/samsung-en.eml?raw'
import spark from './fixtures/spark.eml?raw'
import thunderbirdCs from './fixtures/thunderbird-cs.eml?raw'
import thunderbirdDe from './fixtures/thunderbird-de.eml?raw'
import thunderbirdEl from './fixtures/thunderbird-el.eml?raw'
import thunderbirdFi from './fixtures/thunderbird-fi.eml?raw'
import thunderbirdFr from './fixtures/thunderbird-fr.eml?raw'
import thunderbirdHe from './fixtures/thunderbird-he.eml?raw'
import thunderbirdJa from './fixtures/thunderbird-ja.eml?raw'
import thunderbirdKo from './fixtures/thunderbird-ko.eml?raw'
import thunderbirdPl from './fixtures/thunderbird-pl.eml?raw'
import thunderbirdRu from './fixtures/thunderbird-ru.eml?raw'
import thunderbirdTr from './fixtures/thunderbird-tr.eml?raw'
import thunderbirdZh from './fixtures/thunderbird-zh.eml?raw'
import windowsMailFr from './fixtures/windows-mail-fr.eml?raw'
import yahooAndroid from './fixtures/yahoo-android.eml?raw'
import yahooDe from './fixtures/yahoo-de.eml?raw'
import yahooFr from './fixtures/yahoo-fr.eml?raw'
import yandexRu from './fixtures/yandex-ru.eml?raw'
import zimbraFr from './fixtures/zimbra-fr.eml?raw'

/*
 * Replies as each client writes them, in the 24 languages of worker/src/inbound/languages: the client's
 * own MIME structure, charset and transfer encoding, its quote header, header block or separator, its
 * sign-off. Each fixture asserts exactly what the person typed, from the whole message and from its HTML.
 */

describe('Gmail', () => {
  itExtractsEachReply([
    {
      name: 'Gmail, German, "Am … schrieb …:" wrapped inside the address, "-- " signature',
      raw: gmailDe,
      reply: 'Hallo Jo,\n\nja, sonntags haben wir von 10 bis 16 Uhr geöffnet. Parkplätze gibt es hinter dem Gebäude, die Einfahrt ist in der Mühlgasse.\n\nViele Grüße\nJonas',
    },
    {
      name: 'Gmail, Spanish, "El … (<…>) escribió:"',
      raw: gmailEs,
      reply: 'Hola, Jo:\n\nSí, abrimos los domingos de 10:00 a 16:00. Hay un aparcamiento pequeño detrás del edificio, con entrada por la calle del Molino.\n\nUn saludo,\nLucía',
    },
    {
      name: 'Gmail, Italian, "Il giorno … ha scritto:"',
      raw: gmailIt,
      reply: "Ciao Jo,\n\nsì, la domenica siamo aperti dalle 10:00 alle 16:00. C'è un piccolo parcheggio dietro l'edificio, con ingresso da via del Mulino.\n\nA presto,\nGiulia",
    },
    {
      name: 'Gmail, Brazilian Portuguese, "Em … escreveu:"',
      raw: gmailPtBr,
      reply: 'Oi, Jo,\n\nSim, abrimos aos domingos das 10h às 16h. Há um pequeno estacionamento atrás do prédio, com entrada pela rua do Moinho.\n\nAbraços,\nAna',
    },
    {
      name: 'Gmail, European Portuguese, "… escreveu (terça, …):" wrapped, no opening word',
      raw: gmailPtPt,
      reply: 'Olá Jo,\n\nSim, estamos abertos ao domingo das 10h00 às 16h00. O parque de estacionamento fica atrás do edifício.\n\nCumprimentos,\nJoão',
    },
    {
      name: 'Gmail, Dutch, "Op … schreef …:"',
      raw: gmailNl,
      reply: 'Hoi Jo,\n\nJa, we zijn op zondag open van 10.00 tot 16.00 uur. Achter het gebouw is een kleine parkeerplaats, met de ingang aan de Molenstraat.\n\nGroet,\nSanne',
    },
    {
      name: 'Gmail, Swedish, "Den … skrev …:"',
      raw: gmailSv,
      reply: 'Hej Jo!\n\nJa, vi har öppet på söndagar kl. 10–16. Det finns en liten parkering bakom huset, med infart från Kvarngatan.\n\nHälsningar\nErik',
    },
    {
      name: 'Gmail, Danish, "Den … kl. 10.03 skrev …:"',
      raw: gmailDa,
      reply: 'Hej Jo\n\nJa, vi har åbent om søndagen kl. 10-16. Der er en lille parkeringsplads bag bygningen med indkørsel fra Møllegade.\n\nVenlig hilsen\nMette',
    },
    {
      name: 'Gmail, Norwegian, "tir. … skrev …:" with no opening word, wrapped',
      raw: gmailNb,
      reply: 'Hei Jo,\n\nJa, vi har åpent på søndager fra kl. 10 til 16. Det er en liten parkeringsplass bak bygget, med innkjøring fra Møllegata.\n\nHilsen\nIngrid',
    },
    {
      name: 'Gmail, Finnish, "… (…) kirjoitti:" wrapped',
      raw: gmailFi,
      reply: 'Hei Jo,\n\nkyllä, olemme auki sunnuntaisin klo 10–16. Rakennuksen takana on pieni parkkipaikka, jonne ajetaan Myllykadulta.\n\nTerveisin\nAino',
    },
    {
      name: 'Gmail, Polish, "wt., … napisał(a):" wrapped',
      raw: gmailPl,
      reply: 'Cześć Jo,\n\ntak, w niedziele jesteśmy otwarci od 10:00 do 16:00. Za budynkiem jest mały parking z wjazdem od ulicy Młyńskiej.\n\nPozdrawiam\nKasia',
    },
    {
      name: 'Gmail, Czech, "út … odesílatel … napsal:"',
      raw: gmailCs,
      reply: 'Dobrý den,\n\nano, v neděli máme otevřeno od 10 do 16 hodin. Za budovou je malé parkoviště s vjezdem z Mlýnské ulice.\n\nS pozdravem\nPetra',
    },
    {
      name: 'Gmail, Russian, base64, an attribution with no verb: "вт, … г. в 10:03, … <…>:"',
      raw: gmailRu,
      reply: 'Здравствуйте, Jo!\n\nДа, по воскресеньям мы открыты с 10:00 до 16:00. За зданием есть небольшая парковка, въезд с Мельничной улицы.\n\nС уважением,\nОльга',
    },
    {
      name: 'Gmail, Ukrainian, base64, "… пише:" wrapped',
      raw: gmailUk,
      reply: "Вітаю, Jo!\n\nТак, у неділю ми працюємо з 10:00 до 16:00. За будівлею є невелика парковка, в'їзд з Млинової вулиці.\n\nЗ повагою,\nОксана",
    },
    {
      name: 'Gmail, Turkish, "… tarihinde … şunu yazdı:"',
      raw: gmailTr,
      reply: "Merhaba Jo,\n\nEvet, pazar günleri 10:00-16:00 arası açığız. Binanın arkasında küçük bir otopark var, girişi Değirmen Sokak'tan.\n\nSaygılarımla,\nElif",
    },
    {
      name: 'Gmail, Arabic, right to left, "في … تمت كتابة ما يلي بواسطة …:" with direction marks',
      raw: gmailAr,
      reply: 'مرحبًا Jo،\n\nنعم، نفتح يوم الأحد من الساعة 10:00 حتى 16:00. يوجد موقف سيارات صغير خلف المبنى، ومدخله من شارع الطاحونة.\n\nمع التحية،\nليلى',
    },
    {
      name: 'Gmail, Hebrew, right to left, "בתאריך … מאת …:" wrapped, with direction marks',
      raw: gmailHe,
      reply: 'שלום Jo,\n\nכן, אנחנו פתוחים בימי ראשון מ-10:00 עד 16:00. יש חניון קטן מאחורי הבניין, הכניסה מרחוב הטחנה.\n\nבברכה,\nנועה',
    },
    {
      name: 'Gmail, Japanese, base64, an attribution with no verb: "2026年11月24日(火) 10:03 … <…>:"',
      raw: gmailJa,
      reply: 'Jo 様\n\n日曜日は10時から16時まで営業しております。建物の裏に小さな駐車場があり、入口は水車通り側です。\n\nよろしくお願いいたします。\n佐藤',
    },
    {
      name: 'Gmail, Simplified Chinese, "… 于…写道：" with a full-width colon, and a greeting that ends in one',
      raw: gmailZhCn,
      reply: 'Jo，您好：\n\n是的，我们周日10:00到16:00营业。大楼后面有一个小停车场，入口在磨坊街。\n\n祝好，\n王芳',
    },
    {
      name: 'Gmail, Traditional Chinese, "… 於 … 上午10:03寫道："',
      raw: gmailZhTw,
      reply: 'Jo 您好：\n\n是的，我們週日 10:00 至 16:00 營業。大樓後方有一個小停車場，入口在磨坊街。\n\n敬祝 順心\n怡君',
    },
    {
      name: 'Gmail, Korean, "… 오전 10:03, … <…>님이 작성:" wrapped',
      raw: gmailKo,
      reply: 'Jo 님, 안녕하세요.\n\n네, 일요일에는 오전 10시부터 오후 4시까지 문을 엽니다. 건물 뒤에 작은 주차장이 있고, 입구는 물레방아길 쪽입니다.\n\n감사합니다.\n김지은 드림',
    },
    {
      name: 'Gmail, Greek, "Στις … ο/η … έγραψε:"',
      raw: gmailEl,
      reply: 'Γεια σας Jo,\n\nΝαι, τις Κυριακές είμαστε ανοιχτά από τις 10:00 έως τις 16:00. Πίσω από το κτίριο υπάρχει ένα μικρό πάρκινγκ, με είσοδο από την οδό Μύλου.\n\nΜε εκτίμηση,\nΜαρία',
    },
    {
      name: 'Gmail, Hungarian, "… ezt írta (időpont: …):" wrapped, and a sign-off line that ends in a colon',
      raw: gmailHu,
      reply: 'Kedves Jo!\n\nIgen, vasárnap 10 és 16 óra között vagyunk nyitva. Az épület mögött van egy kis parkoló, a bejárat a Malom utca felől van.\n\nÜdvözlettel:\nEszter',
    },
    {
      name: 'Gmail, Romanian, "Pe … a scris:"',
      raw: gmailRo,
      reply: 'Bună, Jo,\n\nDa, duminica suntem deschiși între 10:00 și 16:00. În spatele clădirii este o parcare mică, cu intrarea din strada Morii.\n\nCu drag,\nAndreea',
    },
  ])
})

describe('Outlook desktop', () => {
  itExtractsEachReply([
    {
      name: 'Outlook desktop, French, windows-1252, "De : / Envoyé : / À : / Objet :"',
      raw: outlookDesktopFr,
      reply: 'Bonjour Jo,\n\nMerci pour votre message. Nous sommes ouverts le dimanche de 10 h à 16 h ; le parking se trouve derrière le bâtiment, rue du Moulin.\n\nCordialement,\nClaire Martin\nService lecteurs | Example Gazette',
    },
    {
      name: 'Outlook desktop, German, iso-8859-1, "Von: / Gesendet: / An: / Cc: / Betreff:"',
      raw: outlookDesktopDe,
      reply: 'Hallo Jo,\n\nvielen Dank für den Hinweis. Die Öffnungszeiten auf der Seite waren veraltet; ab Sonntag öffnen wir um 10:00 Uhr.\n\nMit freundlichen Grüßen\nStefanie Braun\nLeserservice | Example Gazette',
    },
    {
      name: 'Outlook desktop, Spanish, "De: / Enviado el: / Para: / Asunto:"',
      raw: outlookDesktopEs,
      reply: 'Hola, Jo:\n\nGracias por avisarnos. Los domingos abrimos de 10:00 a 16:00 y el aparcamiento está detrás del edificio.\n\nSaludos cordiales,\nCarmen López\nAtención al lector | Example Gazette',
    },
    {
      name: 'Outlook desktop, Dutch, windows-1252, "Van: / Verzonden: / Aan: / Onderwerp:"',
      raw: outlookDesktopNl,
      reply: 'Beste Jo,\n\nBedankt voor je bericht. Op zondag zijn we open van 10.00 tot 16.00 uur; parkeren kan achter het gebouw, aan de Molenstraat.\n\nMet vriendelijke groet,\nPieter Jansen\nLezersservice | Example Gazette',
    },
    {
      name: 'Outlook desktop, Portuguese, "De: / Enviado: / Para: / Assunto:"',
      raw: outlookDesktopPt,
      reply: 'Olá Jo,\n\nObrigada pelo aviso. Ao domingo abrimos das 10h00 às 16h00 e o estacionamento fica atrás do edifício.\n\nCom os melhores cumprimentos,\nMariana Costa\nApoio ao leitor | Example Gazette',
    },
    {
      name: 'Outlook desktop, Russian, koi8-r, "От: / Отправлено: / Кому: / Тема:"',
      raw: outlookDesktopRu,
      reply: 'Добрый день, Jo!\n\nСпасибо за вопрос. По воскресеньям мы работаем с 10:00 до 16:00, парковка находится за зданием.\n\nС уважением,\nДмитрий Смирнов\nСлужба читателей | Example Gazette',
    },
    {
      name: 'Outlook desktop, Japanese, iso-2022-jp, "差出人: / 送信日時: / 宛先: / 件名:"',
      raw: outlookDesktopJa,
      reply: 'Jo 様\n\nお問い合わせありがとうございます。日曜日は10時から16時まで営業しており、駐車場は建物の裏にございます。\n\n鈴木 一郎\n読者サービス | Example Gazette',
    },
    {
      name: 'Outlook desktop, Simplified Chinese, gb2312 base64, "发件人: / 发送时间: / 收件人: / 主题:"',
      raw: outlookDesktopZh,
      reply: 'Jo，您好：\n\n感谢来信。我们周日10:00至16:00营业，停车场在大楼后面。\n\n此致\n李伟\n读者服务 | Example Gazette',
    },
    {
      name: 'Outlook desktop, Korean, ks_c_5601-1987 base64, "보낸 사람: / 보낸 날짜: / 받는 사람: / 제목:"',
      raw: outlookDesktopKo,
      reply: 'Jo 님께,\n\n문의해 주셔서 감사합니다. 일요일에는 오전 10시부터 오후 4시까지 운영하며, 주차장은 건물 뒤에 있습니다.\n\n박민수 드림\n독자 서비스 | Example Gazette',
    },
    {
      name: 'Outlook desktop, Arabic, windows-1256, "من: / تاريخ الإرسال: / إلى: / الموضوع:"',
      raw: outlookDesktopAr,
      reply: 'عزيزي Jo،\n\nشكرًا على رسالتك. نفتح يوم الأحد من 10:00 حتى 16:00، وموقف السيارات خلف المبنى.\n\nمع أطيب التحيات،\nعمر خليل\nخدمة القراء | Example Gazette',
    },
    {
      name: 'Outlook desktop, Hebrew, windows-1255, "מאת: / נשלח: / אל: / נושא:"',
      raw: outlookDesktopHe,
      reply: 'שלום Jo,\n\nתודה על הפנייה. בימי ראשון אנחנו פתוחים מ-10:00 עד 16:00, והחניון נמצא מאחורי הבניין.\n\nבברכה,\nדוד כהן\nשירות קוראים | Example Gazette',
    },
    {
      name: 'Outlook desktop, Greek, iso-8859-7, "Από: / Στάλθηκε: / Προς: / Θέμα:"',
      raw: outlookDesktopEl,
      reply: 'Καλησπέρα Jo,\n\nΕυχαριστούμε για το μήνυμα. Τις Κυριακές είμαστε ανοιχτά 10:00-16:00 και το πάρκινγκ είναι πίσω από το κτίριο.\n\nΜε εκτίμηση,\nΝίκος Γεωργίου\nΕξυπηρέτηση αναγνωστών | Example Gazette',
    },
    {
      name: 'Outlook desktop, Hungarian, iso-8859-2, "Feladó: / Elküldve: / Címzett: / Tárgy:"',
      raw: outlookDesktopHu,
      reply: 'Kedves Jo!\n\nKöszönjük a jelzést. Vasárnap 10 és 16 óra között vagyunk nyitva, a parkoló az épület mögött található.\n\nÜdvözlettel:\nKovács Péter\nOlvasószolgálat | Example Gazette',
    },
    {
      name: 'Outlook desktop, Romanian, "De la: / Trimis: / Către: / Subiect:"',
      raw: outlookDesktopRo,
      reply: 'Bună ziua, Jo,\n\nVă mulțumim pentru mesaj. Duminica suntem deschiși între 10:00 și 16:00, iar parcarea este în spatele clădirii.\n\nCu stimă,\nMihai Ionescu\nRelații cu cititorii | Example Gazette',
    },
    {
      name: 'Outlook desktop, Czech, windows-1250, "Od: / Odesláno: / Komu: / Předmět:"',
      raw: outlookDesktopCs,
      reply: 'Dobrý den,\n\nděkujeme za upozornění. V neděli máme otevřeno od 10 do 16 hodin, parkoviště je za budovou.\n\nS pozdravem\nJan Novák\nČtenářský servis | Example Gazette',
    },
    {
      name: 'Outlook desktop, Ukrainian, windows-1251 base64, "Від: / Надіслано: / Кому: / Тема:"',
      raw: outlookDesktopUk,
      reply: 'Доброго дня, Jo!\n\nДякуємо за повідомлення. У неділю ми працюємо з 10:00 до 16:00, парковка розташована за будівлею.\n\nЗ повагою,\nАндрій Шевченко\nСлужба читачів | Example Gazette',
    },
  ])
})

describe('Outlook on the web', () => {
  itExtractsEachReply([
    {
      name: 'Outlook on the web, Italian, underscores then "Da: / Inviato: / A: / Oggetto:"',
      raw: outlookWebIt,
      reply: "Ciao Jo,\n\nla domenica apriamo alle 10:00 e chiudiamo alle 16:00. Il parcheggio è dietro l'edificio.\n\nMarco",
    },
    {
      name: 'Outlook on the web, Swedish, "Från: / Skickat: / Till: / Ämne:"',
      raw: outlookWebSv,
      reply: 'Hej Jo,\n\nvi har öppet kl. 10–16 på söndagar. Parkeringen ligger bakom huset.\n\nKarin',
    },
    {
      name: 'Outlook on the web, Turkish, iso-8859-9, "Kimden: / Gönderildi: / Kime: / Konu:"',
      raw: outlookWebTr,
      reply: 'Merhaba Jo,\n\npazar günleri 10:00 ile 16:00 arasında açığız. Otopark binanın arkasında.\n\nMehmet',
    },
    {
      name: 'Outlook on the web, Finnish, "Lähettäjä: / Lähetetty: / Vastaanottaja: / Aihe:"',
      raw: outlookWebFi,
      reply: 'Hei Jo,\n\nolemme sunnuntaisin auki klo 10–16. Pysäköintialue on rakennuksen takana.\n\nMikko',
    },
    {
      name: 'Outlook on the web, Danish, "Fra: / Sendt: / Til: / Emne:"',
      raw: outlookWebDa,
      reply: 'Hej Jo\n\nVi har åbent kl. 10-16 om søndagen, og parkeringen ligger bag bygningen.\n\nLars',
    },
    {
      name: 'Outlook on the web, Polish, "Od: / Wysłane: / Do: / Temat:"',
      raw: outlookWebPl,
      reply: 'Dzień dobry,\n\nw niedziele jesteśmy otwarci od 10:00 do 16:00. Parking jest za budynkiem.\n\nTomasz',
    },
  ])
})

describe('Outlook for iOS and Android', () => {
  itExtractsEachReply([
    {
      name: 'Outlook for iOS, French, HTML only, "Obtenir Outlook pour iOS"',
      raw: outlookIosFr,
      reply: 'Bonjour Jo, oui, nous ouvrons à 10 h le dimanche. Le parking est derrière le bâtiment.',
    },
    {
      name: 'Outlook for Android, Russian, HTML only, "Получить Outlook для Android"',
      raw: outlookAndroidRu,
      reply: 'Jo, добрый день! Да, в воскресенье мы открыты с 10:00 до 16:00, и парковка бесплатная.',
    },
  ])
})

describe('Apple Mail on iPhone and iPad', () => {
  itExtractsEachReply([
    {
      name: 'iPhone, German, "Von meinem iPhone gesendet"',
      raw: iphoneDe,
      reply: 'Hallo Jo, ja, sonntags ab 10 Uhr. Parken hinter dem Haus.',
      fromHtml: null,
    },
    {
      name: 'iPhone, French, text and HTML, "Envoyé de mon iPhone"',
      raw: iphoneFr,
      reply: 'Bonjour Jo,\noui, nous ouvrons à 10 h le dimanche.\nClaire',
    },
    {
      name: 'iPhone, Spanish, "Enviado desde mi iPhone"',
      raw: iphoneEs,
      reply: 'Hola Jo, sí, abrimos el domingo a las 10:00.',
      fromHtml: null,
    },
    {
      name: 'iPhone, Italian, "Inviato da iPhone"',
      raw: iphoneIt,
      reply: 'Ciao Jo, sì: domenica dalle 10 alle 16.',
      fromHtml: null,
    },
    {
      name: 'iPhone, Dutch, "Verstuurd vanaf mijn iPhone"',
      raw: iphoneNl,
      reply: 'Hoi Jo, ja, zondag van 10 tot 16 uur.',
      fromHtml: null,
    },
    {
      name: 'iPhone, Russian, "Отправлено с iPhone"',
      raw: iphoneRu,
      reply: 'Jo, здравствуйте! Да, в воскресенье с 10 до 16.',
      fromHtml: null,
    },
    {
      name: 'iPhone, Japanese, "iPhoneから送信"',
      raw: iphoneJa,
      reply: 'Jo 様\n日曜日は10時から営業しております。',
      fromHtml: null,
    },
    {
      name: 'iPhone, Simplified Chinese, "发自我的iPhone"',
      raw: iphoneZh,
      reply: 'Jo，您好，周日10点开门。',
      fromHtml: null,
    },
    {
      name: 'iPhone, Portuguese, "Enviado do meu iPhone"',
      raw: iphonePt,
      reply: 'Oi Jo, sim, abrimos no domingo às 10h.',
      fromHtml: null,
    },
    {
      name: 'iPad, Swedish, "Skickat från min iPad"',
      raw: ipadSv,
      reply: 'Hej Jo! Ja, söndagar kl. 10–16.',
      fromHtml: null,
    },
  ])
})

describe('Other clients, webmail and mailing lists', () => {
  itExtractsEachReply([
    {
      name: 'Samsung Email, "Sent from my Galaxy", "-------- Original message --------"',
      raw: samsungEn,
      reply: 'Yes Jo, 10:00 to 16:00 on Sundays.\nParking is behind the building.',
    },
    {
      name: 'Samsung Email, German, "Von meinem Samsung Galaxy Smartphone gesendet." with a full stop, "Originalnachricht"',
      raw: samsungDe,
      reply: 'Hallo Jo, ja, sonntags 10 bis 16 Uhr.',
    },
    {
      name: 'Yahoo Mail, French, an indented unquoted "Le mardi … a écrit :"',
      raw: yahooFr,
      reply: 'Bonjour Jo,\n\nnous ouvrons à 10 h le dimanche, jusqu’à 16 h.\n\nJulien',
    },
    {
      name: 'Yahoo Mail, German, "Am … hat … Folgendes geschrieben:"',
      raw: yahooDe,
      reply: 'Hallo Jo,\n\nsonntags öffnen wir um 10 Uhr.\n\nStefanie',
    },
    {
      name: 'Yahoo Mail for Android, "Sent from Yahoo Mail on Android", attribution with trailing spaces',
      raw: yahooAndroid,
      reply: 'Yes, we open at 10:00 on Sundays.',
    },
    {
      name: 'Proton Mail, "Sent with [Proton Mail](…) secure email." as a Markdown link, protonmail_quote',
      raw: proton,
      reply: 'Hi Jo,\n\nSundays 10:00 to 16:00, and parking is free behind the building.\n\nAmira',
    },
    {
      name: 'ProtonMail (before 2022), "‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐" drawn with U+2010 hyphens',
      raw: protonmailLegacy,
      reply: 'Hi Jo, yes, from 10:00 on Sundays.',
    },
    {
      name: 'Apple Mail, Dutch, "Op … heeft … het volgende geschreven:" quoted',
      raw: appleMailNl,
      reply: 'Hoi Jo,\n\nop zondag zijn we open van 10 tot 16 uur.\n\nPieter',
    },
    {
      name: 'GMX webmail, German, a header block that starts with "Gesendet:" above "Von:"',
      raw: gmxDe,
      reply: 'Hallo Jo,\n\nja, sonntags haben wir ab 10 Uhr geöffnet.\n\nJonas',
    },
    {
      name: 'Mail.ru, Russian, "Вторник, … от … <…>:", "Отправлено из мобильной Почты Mail.ru"',
      raw: mailruRu,
      reply: 'Добрый день, Jo!\nДа, по воскресеньям с 10:00 до 16:00.',
    },
    {
      name: 'Yandex Mail, Russian, "24.11.2026, 10:03, "…" <…>:" with no verb, outside the HTML blockquote',
      raw: yandexRu,
      reply: 'Здравствуйте, Jo!\n\nДа, в воскресенье мы открыты с 10:00.',
    },
    {
      name: 'Zimbra, French, "----- Mail original -----", <hr id="zwchr">',
      raw: zimbraFr,
      reply: 'Bonjour Jo,\n\nle dimanche, nous ouvrons de 10 h à 16 h.\n\nClaire',
    },
    {
      name: 'Mailman 3 footer after a line of underscores, below a bottom-posted answer',
      raw: mailman3List,
      reply: 'Yes, Sundays 10:00 to 16:00.\n\nAmira',
      fromHtml: null,
    },
    {
      name: 'Mailman 2 footer as a separate part of multipart/mixed, its quote deleted',
      raw: mailman2List,
      reply: 'Bonjour Jo,\n\noui, nous ouvrons à 10 h le dimanche.\n\nClaire',
    },
    {
      name: 'Google Groups footer below a bottom-posted Gmail answer',
      raw: googleGroups,
      reply: 'Yes, we open at 10:00 on Sundays.',
    },
    {
      name: 'Spark, "On … +0000, …, wrote:" outside its blockquote',
      raw: spark,
      reply: 'Hi Jo,\n\nSundays 10:00 to 16:00.\n\nThanks,\nAmira',
    },
    {
      name: 'K-9 Mail, "Sent from my Android device with K-9 Mail. Please excuse my brevity."',
      raw: k9Android,
      reply: 'We are open from 10:00, Jo.',
      fromHtml: null,
    },
    {
      name: 'BlueMail, "Sent from BlueMail <link>"',
      raw: bluemail,
      reply: 'Hi Jo, yes: 10:00 to 16:00 on Sundays.',
    },
    {
      name: 'Outlook for Mac, French, "De : / Date : / À : / Objet :" in reference-message-container',
      raw: outlookMacFr,
      reply: 'Bonjour Jo,\n\nle dimanche, nous ouvrons à 10 h.\n\nClaire',
    },
    {
      name: 'Mail for Windows, French, "Envoyé à partir de Courrier<…> pour Windows", "Envoyé le :mardi"',
      raw: windowsMailFr,
      reply: 'Bonjour Jo, oui : de 10 h à 16 h le dimanche.',
    },
    {
      name: 'HTML only, iso-8859-1, named entities for everything outside Latin-1, a <style> and a <script>',
      raw: htmlOnlyEntities,
      reply: 'Hi Jo,\n\nSundays 10:00 → 16:00 — and yes, we’re open on bank holidays too ♥.\nTickets: 5 € (½ price for under-12s), © 2026 rules apply.\nOur Prague desk (Česká škola, Žižkov) says „ahoj“; α ≠ β, ✓ done, ≂̸ fj 😀 😀.\n\nAmira',
    },
  ])
})

describe('Thunderbird', () => {
  itExtractsEachReply([
    {
      name: 'Thunderbird, German, text and HTML, "Am … schrieb …:", moz-cite-prefix, "-- " signature',
      raw: thunderbirdDe,
      reply: 'Hallo Jo,\n\nja, sonntags von 10 bis 16 Uhr. Der Parkplatz in der Mühlgasse ist die ersten zwei Stunden kostenlos.\n\nGruß\nJonas',
    },
    {
      name: 'Thunderbird, Polish, iso-8859-2 quoted-printable, bottom-posted under "W dniu … pisze:"',
      raw: thunderbirdPl,
      reply: 'Tak, w niedziele od 10:00 do 16:00. Parking za budynkiem jest bezpłatny.\n\nKasia',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Russian, koi8-r quoted-printable, "… пишет:" with no opening word',
      raw: thunderbirdRu,
      reply: 'Добрый день, Jo!\n\nДа, в воскресенье мы работаем с 10:00 до 16:00.\n\nОльга',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Japanese, iso-2022-jp 7bit, "… に … さんは書きました:"',
      raw: thunderbirdJa,
      reply: 'Jo 様\n\n日曜日は10時から16時まで営業しております。\n\n佐藤',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Czech, 8bit, "Dne … napsal(a):"',
      raw: thunderbirdCs,
      reply: 'Dobrý den,\n\nv neděli máme otevřeno od 10 do 16 hodin.\n\nPetra',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, French, answers interleaved below "Le … a écrit :"',
      raw: thunderbirdFr,
      reply: 'Oui, de 10 h à 16 h.\n\nOui, derrière le bâtiment ; l’entrée est rue du Moulin.',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Greek, iso-8859-7 quoted-printable, "Στις … ο/η … έγραψε:"',
      raw: thunderbirdEl,
      reply: 'Γεια σας Jo,\n\nναι, την Κυριακή 10:00-16:00.\n\nΜαρία',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Korean, euc-kr base64, "… 이(가) 쓴 글:"',
      raw: thunderbirdKo,
      reply: 'Jo 님,\n\n네, 일요일 오전 10시부터 오후 4시까지입니다.\n\n김지은',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Hebrew, iso-8859-8-i base64, "ב-… כתב:"',
      raw: thunderbirdHe,
      reply: 'שלום Jo,\n\nכן, ביום ראשון מ-10:00 עד 16:00.\n\nנועה',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Turkish, iso-8859-9 quoted-printable, "… tarihinde … yazdı:"',
      raw: thunderbirdTr,
      reply: 'Merhaba Jo,\n\nevet, pazar günü 10:00-16:00 arası açığız.\n\nElif',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Finnish, "… kirjoitti 24.11.2026 klo 10.03:" with the date after the verb',
      raw: thunderbirdFi,
      reply: 'Hei Jo,\n\nsunnuntaisin olemme auki klo 10–16.\n\nAino',
      fromHtml: null,
    },
    {
      name: 'Thunderbird, Simplified Chinese, gb18030 base64, "在 … 写道:"',
      raw: thunderbirdZh,
      reply: 'Jo，您好：\n\n周日10:00到16:00营业。\n\n王芳',
      fromHtml: null,
    },
  ])
})
/** The message with its quoted-printable body sent as raw 8-bit bytes instead, as many servers pass it on. */
function asEightBit(raw: string): Uint8Array {
  const split = raw.indexOf('\n\n')
  const head = raw.slice(0, split).replace(/^Content-Transfer-Encoding: quoted-printable$/im, 'Content-Transfer-Encoding: 8bit')
  const body = raw.slice(split).replace(/=\r?\n/g, '')
  const bytes = [...new TextEncoder().encode(head)]
  for (let i = 0; i < body.length; i++) {
    const hex = body.charAt(i) === '=' ? /^[0-9A-F]{2}/.exec(body.slice(i + 1, i + 3)) : null
    bytes.push(hex ? parseInt(hex[0], 16) : body.charCodeAt(i))
    if (hex) i += 2
  }
  return new Uint8Array(bytes)
}

describe('charsets sent 8-bit', () => {
  it.each([
    ['koi8-r', thunderbirdRu, 'Добрый день, Jo!\n\nДа, в воскресенье мы работаем с 10:00 до 16:00.\n\nОльга'],
    ['iso-8859-2', thunderbirdPl, 'Tak, w niedziele od 10:00 do 16:00. Parking za budynkiem jest bezpłatny.\n\nKasia'],
    ['iso-8859-7', thunderbirdEl, 'Γεια σας Jo,\n\nναι, την Κυριακή 10:00-16:00.\n\nΜαρία'],
    ['iso-8859-9', thunderbirdTr, 'Merhaba Jo,\n\nevet, pazar günü 10:00-16:00 arası açığız.\n\nElif'],
  ])('decodes %s bytes per the declared charset', async (_, raw, reply) => {
    const bytes = asEightBit(raw)
    expect(bytes.some((b) => b >= 0x80)).toBe(true)
    expect(extractReply(await PostalMime.parse(bytes))).toBe(reply)
  })
})

