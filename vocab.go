package teilhabe

import "slices"

// A Code is a value of one of the domain's vocabularies: a stage, a reason,
// a barrier, an event kind. Codes are stored as they are; their German and
// English labels live in the web layer's texts under "code." + Key().
type Code interface {
	// Key is "<vocabulary>.<value>", such as "barrier.mobility".
	Key() string
}

// oneOf reports whether v is in list.
func oneOf[T comparable](v T, list []T) bool { return slices.Contains(list, v) }

// Channel is how a first contact arrived.
type Channel string

// The channels of a first contact.
const (
	ChannelPhone    Channel = "phone"
	ChannelEmail    Channel = "email"
	ChannelInPerson Channel = "in_person"
	ChannelLetter   Channel = "letter"
	ChannelOnline   Channel = "online"
	ChannelSponsor  Channel = "sponsor" // the sponsor announced the person
)

// Channels lists every channel.
func Channels() []Channel {
	return []Channel{ChannelPhone, ChannelEmail, ChannelInPerson, ChannelLetter, ChannelOnline, ChannelSponsor}
}

// ContactChannels lists the channels a provider records a first contact
// through: all but the sponsor's announcement.
func ContactChannels() []Channel {
	return []Channel{ChannelPhone, ChannelEmail, ChannelInPerson, ChannelLetter, ChannelOnline}
}

// Valid reports whether c is a known Channel.
func (c Channel) Valid() bool { return oneOf(c, Channels()) }

// Key names the label of c.
func (c Channel) Key() string { return "channel." + string(c) }

// DeclineReason is why a provider declines a sponsor's announcement.
type DeclineReason string

// DeclineReasons lists the reasons a provider declines an announcement with
// (domain-germany.md §2.6, "Rückmeldung Kontakt").
func DeclineReasons() []DeclineReason {
	return []DeclineReason{"no_capacity", "not_target_group", "declines", "unreachable", "took_up_work", "took_up_training", "other"}
}

// Valid reports whether r is a known DeclineReason.
func (r DeclineReason) Valid() bool { return oneOf(r, DeclineReasons()) }

// Key names the label of r.
func (r DeclineReason) Key() string { return "decline." + string(r) }

// IsOther reports whether r is "other", which needs a note.
func (r DeclineReason) IsOther() bool { return r == "other" }

// WithdrawReason is why a case ends before its assignment (a non-start
// reason, domain-germany.md §8.2).
type WithdrawReason string

// WithdrawReasons lists the non-start reasons.
func WithdrawReasons() []WithdrawReason {
	return []WithdrawReason{"not_appeared", "declines", "provider_declines", "took_up_work", "took_up_training", "unreachable", "other"}
}

// Valid reports whether r is a known WithdrawReason.
func (r WithdrawReason) Valid() bool { return oneOf(r, WithdrawReasons()) }

// Key names the label of r.
func (r WithdrawReason) Key() string { return "withdraw." + string(r) }

// IsOther reports whether r is "other", which needs a note.
func (r WithdrawReason) IsOther() bool { return r == "other" }

// RefuseReason is why a sponsor refuses an assignment request.
type RefuseReason string

// RefuseReasons lists the sponsor's reasons to refuse an assignment.
func RefuseReasons() []RefuseReason {
	return []RefuseReason{"no_place", "dates_not_accepted", "not_responsible", "other_measure", "other"}
}

// Valid reports whether r is a known RefuseReason.
func (r RefuseReason) Valid() bool { return oneOf(r, RefuseReasons()) }

// Key names the label of r.
func (r RefuseReason) Key() string { return "refuse." + string(r) }

// IsOther reports whether r is "other", which needs a note.
func (r RefuseReason) IsOther() bool { return r == "other" }

// Barrier is an additional placement barrier (Vermittlungshemmnis).
type Barrier string

// Barriers lists the whole catalogue of placement barriers; a programme
// offers all or some of them (Programme.BarrierCatalogue).
func Barriers() []Barrier {
	return []Barrier{"long_term_unemployed", "age_50_plus", "no_qualification", "mental_health", "chronic_illness",
		"mobility", "language", "care_duties", "debt", "housing", "addiction", "other"}
}

// Valid reports whether b is a known Barrier.
func (b Barrier) Valid() bool { return oneOf(b, Barriers()) }

// Key names the label of b.
func (b Barrier) Key() string { return "barrier." + string(b) }

// Merkzeichen is a mark on the disability card (SchwbAwV § 3). teilhabe
// records only those that matter for organising participation
// (domain-germany.md §1.2).
type Merkzeichen string

// AllMerkzeichen lists the marks teilhabe records.
func AllMerkzeichen() []Merkzeichen { return []Merkzeichen{"G", "aG", "B", "H", "Bl", "Gl", "TBl"} }

// Valid reports whether m is a known Merkzeichen.
func (m Merkzeichen) Valid() bool { return oneOf(m, AllMerkzeichen()) }

// Key names the label of m.
func (m Merkzeichen) Key() string { return "merkzeichen." + string(m) }

// Need is what an appointment must offer for the participant to take part.
type Need string

// Needs lists the needs an appointment can have.
func Needs() []Need {
	return []Need{"sign_language", "step_free", "induction_loop", "easy_language", "companion", "quiet_room"}
}

// Valid reports whether n is a known Need.
func (n Need) Valid() bool { return oneOf(n, Needs()) }

// Key names the label of n.
func (n Need) Key() string { return "need." + string(n) }

// ConsentScope is what a consent releases.
type ConsentScope string

// The consent scopes.
const (
	ConsentSponsorExchange   ConsentScope = "sponsor_exchange"
	ConsentEmployer          ConsentScope = "employer"
	ConsentDoctor            ConsentScope = "doctor"
	ConsentIntegrationOffice ConsentScope = "integration_office"
	ConsentOther             ConsentScope = "other"
)

// ConsentScopes lists every scope.
func ConsentScopes() []ConsentScope {
	return []ConsentScope{ConsentSponsorExchange, ConsentEmployer, ConsentDoctor, ConsentIntegrationOffice, ConsentOther}
}

// Valid reports whether s is a known ConsentScope.
func (s ConsentScope) Valid() bool { return oneOf(s, ConsentScopes()) }

// Key names the label of s.
func (s ConsentScope) Key() string { return "consent." + string(s) }

// ProofKind is the document that proves the disability status.
type ProofKind string

// ProofKinds lists the documents.
func ProofKinds() []ProofKind { return []ProofKind{"id_card", "gdb_notice", "equal_status_notice"} }

// Valid reports whether k is a known ProofKind.
func (k ProofKind) Valid() bool { return oneOf(k, ProofKinds()) }

// Key names the label of k.
func (k ProofKind) Key() string { return "proof." + string(k) }

// IneligibleReason is why the eligibility check failed.
type IneligibleReason string

// The reasons Eligibility.Assess gives.
const (
	IneligibleNotJobSeeking        IneligibleReason = "not_job_seeking"
	IneligibleGdBBelow50           IneligibleReason = "gdb_below_50"
	IneligibleEquatedGdB           IneligibleReason = "equated_gdb"
	IneligibleStatusPending        IneligibleReason = "status_pending"
	IneligibleNoStatus             IneligibleReason = "no_status"
	IneligibleProofMissing         IneligibleReason = "proof_missing"
	IneligibleProofValidityUnknown IneligibleReason = "proof_validity_unknown"
	IneligibleProofExpired         IneligibleReason = "proof_expired"
	IneligibleNoBarrier            IneligibleReason = "no_barrier"
)

// IneligibleReasons lists every reason.
func IneligibleReasons() []IneligibleReason {
	return []IneligibleReason{IneligibleNotJobSeeking, IneligibleGdBBelow50, IneligibleEquatedGdB, IneligibleStatusPending,
		IneligibleNoStatus, IneligibleProofMissing, IneligibleProofValidityUnknown, IneligibleProofExpired, IneligibleNoBarrier}
}

// Valid reports whether r is a known IneligibleReason.
func (r IneligibleReason) Valid() bool { return oneOf(r, IneligibleReasons()) }

// Key names the label of r.
func (r IneligibleReason) Key() string { return "ineligible." + string(r) }

// Decision is a sponsor's answer to a request that needs one.
type Decision string

// The decisions.
const (
	Approve Decision = "approve"
	Refuse  Decision = "refuse"
)

// Decisions lists both.
func Decisions() []Decision { return []Decision{Approve, Refuse} }

// Valid reports whether d is a known Decision.
func (d Decision) Valid() bool { return oneOf(d, Decisions()) }

// Key names the label of d.
func (d Decision) Key() string { return "decision." + string(d) }

// Keys of the vocabularies that were typed before this file.

// Key names the label of s.
func (s Stage) Key() string { return "stage." + string(s) }

// Key names the label of r.
func (r Role) Key() string { return "role." + string(r) }

// Key names the label of k.
func (k OrgKind) Key() string { return "org." + string(k) }

// Key names the label of d.
func (d LegalDomain) Key() string { return "domain." + string(d) }

// Key names the label of k.
func (k DisabilityKind) Key() string { return "disability." + string(k) }

// Key names the label of f.
func (f Feature) Key() string { return "feature." + string(f) }

// Key names the label of k.
func (k DeadlineKind) Key() string { return "deadline." + string(k) }

// Codes converts a list of a vocabulary's values into Codes, for code that
// labels them without knowing the vocabulary.
func Codes[T Code](list []T) []Code {
	out := make([]Code, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// Strings returns the values of a list of codes as strings.
func Strings[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// validAll reports whether every value of list is valid.
func validAll[T interface{ Valid() bool }](list []T) bool {
	for _, v := range list {
		if !v.Valid() {
			return false
		}
	}
	return true
}

// AllCodes lists every value of every vocabulary, so that a test can check
// that each has a label in every language.
func AllCodes() []Code {
	var all []Code
	for _, list := range [][]Code{
		Codes(Stages()), Codes(Roles()), Codes(OrgKinds()), Codes(DisabilityKinds()), Codes(Features()),
		Codes(DeadlineKinds()), Codes(Channels()), Codes(DeclineReasons()), Codes(WithdrawReasons()),
		Codes(RefuseReasons()), Codes(Barriers()), Codes(AllMerkzeichen()), Codes(Needs()), Codes(ConsentScopes()),
		Codes(ProofKinds()), Codes(IneligibleReasons()), Codes(Decisions()), Codes(EventKinds()),
		Codes(AppointmentKinds()), Codes(AllOutcomes()), Codes(Modes()), Codes(MessageKinds()), Codes(MessageStatuses()),
		Codes(LegalDomains()), Codes(AuditActions()), Codes(AuditGroups()), Codes(AllDayTypes()), Codes(NoteChannels()),
		Codes(NoteVisibilities()),
		Codes(ModuleKinds()), Codes(Deliverers()), Codes(ModuleStatuses()), Codes(ModuleResults()),
		Codes(StepStatuses()), Codes(StepOwners()), Codes(PlanChanges()),
		Codes(Sectors()), Codes(OpeningStatuses()), Codes(ProspectKinds()), Codes(PlacementKinds()), Codes(Subsidies()),
		Codes(ExitKinds()), Codes(ExitReasons()), Codes(GoodCauses()), Codes(Destinations()),
		Codes(FollowUpSides()), Codes(SustainedResults()), Codes(SustainSources()),
		Codes(AllFollowUpEndReasons()),
		Codes(GoalReaches()),
	} {
		all = append(all, list...)
	}
	return all
}
