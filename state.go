package teilhabe

// A State is one of the 16 German federal states (Bundesländer), identified
// by its two-letter code, for example "RP" for Rheinland-Pfalz. Public
// holidays, and therefore deadlines, depend on the state of a location.
type State string

// The German federal states.
const (
	StateBW State = "BW" // Baden-Württemberg
	StateBY State = "BY" // Bayern
	StateBE State = "BE" // Berlin
	StateBB State = "BB" // Brandenburg
	StateHB State = "HB" // Bremen
	StateHH State = "HH" // Hamburg
	StateHE State = "HE" // Hessen
	StateMV State = "MV" // Mecklenburg-Vorpommern
	StateNI State = "NI" // Niedersachsen
	StateNW State = "NW" // Nordrhein-Westfalen
	StateRP State = "RP" // Rheinland-Pfalz
	StateSL State = "SL" // Saarland
	StateSN State = "SN" // Sachsen
	StateST State = "ST" // Sachsen-Anhalt
	StateSH State = "SH" // Schleswig-Holstein
	StateTH State = "TH" // Thüringen
)

// states lists every state with its German name, ordered by name.
var states = [...]struct {
	state State
	name  string
}{
	{StateBW, "Baden-Württemberg"},
	{StateBY, "Bayern"},
	{StateBE, "Berlin"},
	{StateBB, "Brandenburg"},
	{StateHB, "Bremen"},
	{StateHH, "Hamburg"},
	{StateHE, "Hessen"},
	{StateMV, "Mecklenburg-Vorpommern"},
	{StateNI, "Niedersachsen"},
	{StateNW, "Nordrhein-Westfalen"},
	{StateRP, "Rheinland-Pfalz"},
	{StateSL, "Saarland"},
	{StateSN, "Sachsen"},
	{StateST, "Sachsen-Anhalt"},
	{StateSH, "Schleswig-Holstein"},
	{StateTH, "Thüringen"},
}

// States returns all 16 states, ordered alphabetically by their German
// names. The caller may modify the returned slice.
func States() []State {
	s := make([]State, len(states))
	for i, e := range states {
		s[i] = e.state
	}
	return s
}

// Valid reports whether s is the code of a German federal state.
func (s State) Valid() bool {
	return s.Name() != ""
}

// Name returns the German name of the state, such as "Rheinland-Pfalz".
// It returns the empty string if s is not valid.
func (s State) Name() string {
	for _, e := range states {
		if e.state == s {
			return e.name
		}
	}
	return ""
}
