package main

import "fmt"

// accountSet names the accounts the measurements sign in with. Clients are
// spread over Coaches and Caseworkers round-robin, so several clients may
// share an account, each with a session of its own.
type accountSet struct {
	Coaches     []string
	Caseworkers []string
	Lead        string
	Coordinator string
	DPO         string
	// Burst are distinct accounts for the sign-in burst, at most 50.
	Burst []string
	// Shared is the account of the burst of sign-ins to one account.
	Shared string
}

// demoAccounts are the accounts of the Trier demo ("teilhabe --demo").
func demoAccounts() accountSet {
	s := accountSet{
		Coaches:     []string{"coach", "coach.wittlich", "coach.bitburg", "coach.daun"},
		Caseworkers: []string{"agentur", "jobcenter", "jc.saarburg", "jc.wittlich", "jc.bitburg", "jc.daun"},
		Lead:        "traegerleitung",
		Coordinator: "koordination",
		DPO:         "datenschutz",
		Shared:      "coach",
	}
	s.Burst = append(append(append([]string{}, s.Coaches...), s.Caseworkers...),
		"traegerleitung", "leitung.bs", "leitung.skm", "koordination", "datenschutz", "admin")
	return s
}

// generatedAccounts are accounts of the national data set made by
// "teilhabe demo generate": a coach per location, a lead per provider, a
// caseworker per sponsor, a coordinator and a data protection officer per
// programme.
func generatedAccounts() accountSet {
	s := accountSet{Lead: "lead-0001", Coordinator: "coordinator-01", DPO: "dpo-01", Shared: "coach-0001"}
	for i := 1; i <= 30; i++ {
		s.Coaches = append(s.Coaches, fmt.Sprintf("coach-%04d", i))
	}
	for i := 1; i <= 10; i++ {
		s.Caseworkers = append(s.Caseworkers, fmt.Sprintf("caseworker-%04d", i))
	}
	s.Burst = append(append(append([]string{}, s.Coaches...), s.Caseworkers...), s.Coordinator, s.DPO)
	for i := 1; len(s.Burst) < 50; i++ {
		s.Burst = append(s.Burst, fmt.Sprintf("lead-%04d", i))
	}
	return s
}

// accountsFor returns the account set a configuration names.
func accountsFor(cfg config) accountSet {
	if cfg.Accounts == "generated" {
		return generatedAccounts()
	}
	return demoAccounts()
}
