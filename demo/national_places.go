package demo

import (
	"strings"

	"teilhabe"
)

// place is a town or district of a region: where sponsors sit, providers
// work and participants live.
type place struct {
	name     string
	state    teilhabe.State
	postcode string // of the town centre
	areaCode string // telephone
}

// region is the area of one programme of the national data set: a group of
// federal states, so that holiday calendars differ between programmes and,
// where a region spans several states, within one.
type region struct {
	name   string // "Nord 1"
	places []place
}

// regions are the ten regions of the national data set. Each lists twenty
// real places: the first fifteen have an Agentur für Arbeit, all twenty a
// Jobcenter of the town and one of the district around it.
var regions = []region{
	{"Nord 1", places(teilhabe.StateSH, `Kiel 24103 0431; Lübeck 23552 0451; Flensburg 24937 0461; HH:Hamburg-Mitte 20095 040;
		Neumünster 24534 04321; Norderstedt 22846 040; HH:Hamburg-Altona 22765 040; Elmshorn 25335 04121; Pinneberg 25421 04101;
		Itzehoe 25524 04821; HH:Hamburg-Harburg 21073 040; Rendsburg 24768 04331; Husum 25813 04841; Heide 25746 0481;
		HH:Hamburg-Wandsbek 22041 040; Schleswig 24837 04621; Bad Segeberg 23795 04551; Eutin 23701 04521; Ratzeburg 23909 04541;
		Plön 24306 04522`)},
	{"Nord 2", places(teilhabe.StateNI, `Hannover 30159 0511; Braunschweig 38100 0531; Oldenburg 26122 0441; Osnabrück 49074 0541;
		HB:Bremen 28195 0421; Göttingen 37073 0551; Wolfsburg 38440 05361; Hildesheim 31134 05121; Salzgitter 38226 05341;
		HB:Bremerhaven 27568 0471; Lüneburg 21335 04131; Celle 29221 05141; Emden 26721 04921; Wilhelmshaven 26382 04421;
		Nienburg 31582 05021; Stade 21682 04141; Uelzen 29525 0581; Hameln 31785 05151; Nordhorn 48529 05921; Vechta 49377 04441`)},
	{"Ost 1", places(teilhabe.StateBB, `BE:Berlin-Mitte 10117 030; Potsdam 14467 0331; MV:Rostock 18055 0381; MV:Schwerin 19053 0385;
		Cottbus 03046 0355; BE:Berlin-Neukölln 12043 030; Frankfurt (Oder) 15230 0335; MV:Neubrandenburg 17033 0395;
		MV:Stralsund 18439 03831; MV:Greifswald 17489 03834; Brandenburg an der Havel 14770 03381; BE:Berlin-Spandau 13597 030;
		Eberswalde 16225 03334; MV:Wismar 23966 03841; Oranienburg 16515 03301; BE:Berlin-Pankow 13187 030; Neuruppin 16816 03391;
		MV:Güstrow 18273 03843; Eisenhüttenstadt 15890 03364; BE:Berlin-Lichtenberg 10365 030`)},
	{"Ost 2", places(teilhabe.StateSN, `Dresden 01067 0351; Leipzig 04109 0341; Chemnitz 09111 0371; Zwickau 08056 0375;
		Plauen 08523 03741; Görlitz 02826 03581; Bautzen 02625 03591; Freiberg 09599 03731; Pirna 01796 03501; Meißen 01662 03521;
		Riesa 01587 03525; Döbeln 04720 03431; Annaberg-Buchholz 09456 03733; Grimma 04668 03437; Hoyerswerda 02977 03571;
		Torgau 04860 03421; Aue 08280 03771; Delitzsch 04509 034202; Glauchau 08371 03763; Radebeul 01445 0351`)},
	{"Mitte 1", places(teilhabe.StateST, `Magdeburg 39104 0391; Halle (Saale) 06108 0345; TH:Erfurt 99084 0361; TH:Jena 07743 03641;
		Dessau-Roßlau 06844 0340; TH:Gera 07545 0365; TH:Weimar 99423 03643; TH:Gotha 99867 03621; Wittenberg 06886 03491;
		Stendal 39576 03931; Halberstadt 38820 03941; TH:Nordhausen 99734 03631; TH:Eisenach 99817 03691; TH:Suhl 98527 03681;
		Merseburg 06217 03461; Bernburg 06406 03471; TH:Saalfeld 07318 03671; TH:Mühlhausen 99974 03601; Sangerhausen 06526 03464;
		Wernigerode 38855 03943`)},
	{"Mitte 2", places(teilhabe.StateHE, `Frankfurt am Main 60311 069; Wiesbaden 65183 0611; Kassel 34117 0561; Darmstadt 64283 06151;
		Offenbach am Main 63065 069; Gießen 35390 0641; Marburg 35037 06421; Fulda 36037 0661; Hanau 63450 06181; Wetzlar 35578 06441;
		Bad Homburg 61348 06172; Limburg an der Lahn 65549 06431; Bad Hersfeld 36251 06621; Rüsselsheim 65428 06142;
		Korbach 34497 05631; Friedberg 61169 06031; Dillenburg 35683 02771; Eschwege 37269 05651; Heppenheim 64646 06252;
		Gelnhausen 63571 06051`)},
	{"West 1", places(teilhabe.StateNW, `Köln 50667 0221; Düsseldorf 40213 0211; Dortmund 44135 0231; Essen 45127 0201;
		Duisburg 47051 0203; Bochum 44787 0234; Wuppertal 42103 0202; Bielefeld 33602 0521; Bonn 53111 0228; Münster 48143 0251;
		Gelsenkirchen 45879 0209; Mönchengladbach 41061 02161; Aachen 52062 0241; Krefeld 47798 02151; Oberhausen 46045 0208;
		Hagen 58095 02331; Hamm 59065 02381; Paderborn 33098 05251; Siegen 57072 0271; Recklinghausen 45657 02361`)},
	{"West 2", places(teilhabe.StateRP, `Mainz 55116 06131; Ludwigshafen am Rhein 67059 0621; Koblenz 56068 0261; Trier 54290 0651;
		SL:Saarbrücken 66111 0681; Kaiserslautern 67655 0631; Worms 67547 06241; SL:Neunkirchen 66538 06821; Neuwied 56564 02631;
		Landau in der Pfalz 76829 06341; SL:Homburg 66424 06841; Speyer 67346 06232; Bad Kreuznach 55543 0671; SL:Saarlouis 66740 06831;
		Pirmasens 66953 06331; Idar-Oberstein 55743 06781; SL:Merzig 66663 06861; Bitburg 54634 06561; Montabaur 56410 02602;
		SL:St. Wendel 66606 06851`)},
	{"Süd 1", places(teilhabe.StateBW, `Stuttgart 70173 0711; Mannheim 68159 0621; Karlsruhe 76133 0721; Freiburg im Breisgau 79098 0761;
		Heidelberg 69117 06221; Ulm 89073 0731; Heilbronn 74072 07131; Pforzheim 75175 07231; Reutlingen 72764 07121;
		Esslingen am Neckar 73728 0711; Ludwigsburg 71634 07141; Tübingen 72070 07071; Konstanz 78462 07531; Aalen 73430 07361;
		Ravensburg 88212 0751; Offenburg 77652 0781; Göppingen 73033 07161; Villingen-Schwenningen 78050 07721;
		Schwäbisch Hall 74523 0791; Waiblingen 71332 07151`)},
	{"Süd 2", places(teilhabe.StateBY, `München 80331 089; Nürnberg 90402 0911; Augsburg 86150 0821; Regensburg 93047 0941;
		Ingolstadt 85049 0841; Würzburg 97070 0931; Fürth 90762 0911; Erlangen 91052 09131; Bamberg 96047 0951; Bayreuth 95444 0921;
		Landshut 84028 0871; Passau 94032 0851; Rosenheim 83022 08031; Kempten 87435 0831; Aschaffenburg 63739 06021;
		Schweinfurt 97421 09721; Hof 95028 09281; Weiden in der Oberpfalz 92637 0961; Traunstein 83278 0861; Deggendorf 94469 0991`)},
}

// places reads a list of "[ST:]Name Postcode AreaCode" entries separated by
// semicolons; a place without a state prefix lies in state.
func places(state teilhabe.State, list string) []place {
	var out []place
	for _, entry := range strings.Split(list, ";") {
		entry = strings.TrimSpace(entry)
		st := state
		if len(entry) > 3 && entry[2] == ':' {
			st, entry = teilhabe.State(entry[:2]), entry[3:]
		}
		f := strings.Fields(entry)
		out = append(out, place{name: strings.Join(f[:len(f)-2], " "), state: st, postcode: f[len(f)-2], areaCode: f[len(f)-1]})
	}
	return out
}

// providerBrands are the kinds of provider in the data set: a name pattern
// and the short form their locations are named with.
var providerBrands = []struct{ name, short string }{
	{"Caritasverband %s e.V.", "Caritas"},
	{"Diakonisches Werk %s", "Diakonie"},
	{"AWO Kreisverband %s e.V.", "AWO"},
	{"Lebenshilfe %s e.V.", "Lebenshilfe"},
	{"DRK-Kreisverband %s e.V.", "DRK"},
	{"Internationaler Bund %s", "IB"},
	{"Berufsförderungswerk %s gGmbH", "BFW"},
	{"Kolping-Bildungswerk %s", "Kolping"},
	{"Paritätische Dienste %s gGmbH", "Paritätische"},
	{"Bildungswerk der Wirtschaft %s", "BWW"},
	{"Integrationsfachdienst %s", "IFD"},
	{"Werkstattverbund %s gGmbH", "Werkstattverbund"},
}

var natStreets = []string{"Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße", "Bergstraße",
	"Lindenstraße", "Kirchstraße", "Poststraße", "Goethestraße", "Schillerstraße", "Friedrich-Ebert-Straße", "Am Markt",
	"Ringstraße", "Mühlenweg", "Wiesenweg", "Birkenweg", "Rosenstraße", "Jahnstraße", "Mozartstraße", "Beethovenstraße",
	"Feldstraße", "Waldstraße", "Industriestraße", "Marktplatz", "Kastanienallee", "Am Rathaus", "Brückenstraße",
	"Steinweg", "Lessingstraße", "Uhlandstraße", "Kantstraße", "Blumenstraße", "Talstraße", "Weberstraße", "Mühlstraße",
	"Heinrich-Heine-Straße", "Konrad-Adenauer-Straße", "Gutenbergstraße", "Am Bahnhof"}

// natFirstNames and natLastNames are common names in Germany, among them names of
// people whose families came from Turkey, Poland, Russia, the Balkans, Syria.
var natFirstNames = strings.Fields(`Anna Andreas Agnieszka Ahmet Alexander Aleksandra Ali Angelika Anja Anke Bärbel Barbara
	Ben Bernd Birgit Björn Brigitte Christian Christina Claudia Dagmar Daniel Daniela Dennis Dieter Dirk Doris Elena Elif
	Elke Emine Emma Erik Fatma Fabian Florian Frank Franziska Gabriele Gerhard Gisela Günter Hakan Hannah Hans Heike Helga
	Hülya Ines Ingrid Irina Jan Jana Jörg Jürgen Julia Kai Karin Katharina Käthe Kerstin Klaus Lars Lea Lena Leon Lukas
	Manfred Maria Marie Markus Martin Mehmet Michael Milena Mohammed Monika Natalia Nicole Nils Olga Oliver Patrick Paul
	Peter Petra Rainer Ralf Renate René Sabine Sandra Sarah Sebastian Sergej Sibel Silke Sören Stefan Stefanie Susanne
	Sven Tanja Tatjana Thomas Thorsten Tobias Torsten Ute Uwe Vera Werner Wolfgang Yusuf Zoe Zoran Özlem Ömer Şebnem Jörn
	Ralph Gül Mustafa Ewa Piotr Dragan Amira Tim Laura`)

var natLastNames = strings.Fields(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
	Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz
	Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz
	Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke
	Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel
	Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt
	Sauer Arnold Wolff Pfeiffer Yılmaz Kaya Demir Şahin Çelik Öztürk Nowak Kowalski Wiśniewski Lewandowski Ivanov Petrov
	Schmidtke Popović Jovanović Haddad Al-Khalil Nguyen Rossi Papadopoulos Dąbrowski Bäcker Göbel Hübner Fröhlich Würth
	Löffler Düring Mertens Gansen Thiel Reuter Lehnert Mertes Zender Lorig Hoor Kirsten Straßer Weißmann Strauß Süß`)

// announcementReasons are what sponsors write when they announce someone.
var announcementReasons = []string{
	"Langzeitarbeitslos, wünscht intensive Begleitung bei der Arbeitssuche.",
	"Nach längerer Erkrankung Rückkehr in Arbeit gewünscht.",
	"Ausbildung abgebrochen, sucht eine neue berufliche Perspektive.",
	"Vermittlung bisher ohne Erfolg, Unterstützung bei Bewerbungen nötig.",
	"Nach Reha-Maßnahme: Begleitung beim Wiedereinstieg empfohlen.",
	"Möchte nach Werkstattbeschäftigung auf den allgemeinen Arbeitsmarkt wechseln.",
	"Hochmotiviert, braucht Unterstützung bei der Arbeitsplatzgestaltung.",
	"Seit Jahren ohne Beschäftigung, gesundheitliche Einschränkungen erschweren die Suche.",
}

// notes are internal notes coaches write on a case.
var notes = []string{
	"Telefonisch erreicht, Termin bestätigt.",
	"Unterlagen (Bescheid, Lebenslauf) vollständig erhalten.",
	"Teilnehmer wünscht Termine am Vormittag.",
	"Rückruf vereinbart, bisher nicht erreichbar.",
	"Gespräch mit Arbeitgeber über Probearbeit geführt.",
	"Bewerbungsunterlagen gemeinsam überarbeitet.",
	"Bitte Gebärdensprachdolmetschung für die nächsten Termine einplanen.",
	"Begleitung zum Vorstellungsgespräch vereinbart.",
}

// extensionReasons are what providers give when they ask for more time.
var extensionReasons = []string{
	"Arbeitserprobung läuft, Übernahme in Aussicht; weitere Begleitung nötig.",
	"Gesundheitliche Unterbrechung, Ziel weiterhin erreichbar.",
	"Einarbeitung beim neuen Arbeitgeber braucht noch Begleitung.",
	"Praktikum verlängert, Entscheidung des Betriebs steht aus.",
}

// consentRecipients are the recipients of consents of the scope "other".
var consentRecipients = []string{"Deutsche Rentenversicherung", "Krankenkasse", "Schuldnerberatung", "Betreuerin"}

// emailDomains are the mail providers of participants' addresses.
var emailDomains = []string{"web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de", "freenet.de"}
