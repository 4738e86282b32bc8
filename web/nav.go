package web

import (
	"strings"

	"teilhabe"
)

type navEntry struct {
	href, key string
	show      func(teilhabe.Actor) bool
	// counted marks the entry that shows how many messages wait.
	counted bool
}

func always(teilhabe.Actor) bool { return true }

// navEntries is the main navigation in display order. Each entry shows only
// for the roles that may use its page, so every link leads somewhere the
// user is allowed to be.
var navEntries = []navEntry{
	{"/", "nav.start", always, false},
	{"/inbox", "nav.inbox", teilhabe.CanUseInbox, true},
	{"/cases", "nav.cases", teilhabe.CanListCases, false},
	{"/cases/new", "nav.first_contact", teilhabe.CanRecordFirstContact, false},
	{"/calendar", "nav.calendar", teilhabe.CanSeeCalendar, false},
	{"/announcements/new", "nav.announce", teilhabe.CanAnnounce, false},
	{"/employers", "nav.employers", teilhabe.CanUseEmployers, false},
	{"/capacity", "nav.capacity", teilhabe.CanSeeCapacity, false},
	{"/reports", "nav.reports", teilhabe.CanSeeReport, false},
	{"/programme", "nav.programme", teilhabe.CanSeeProgrammeOverview, false},
	{"/admin/programmes", "nav.programmes", teilhabe.CanManageSetup, false},
	{"/admin/users", "nav.users", teilhabe.CanManageSetup, false},
	{"/audit", "nav.audit", teilhabe.CanReadAudit, false},
	{"/account", "nav.account", always, false},
}

// navigation returns the main navigation for a, marking the entry that
// best matches the current path; the inbox entry shows the number of
// messages waiting for a.
func navigation(lang string, a teilhabe.Actor, current string, waiting int) []navItem {
	best := ""
	for _, e := range navEntries {
		if e.show(a) && (current == e.href || e.href != "/" && strings.HasPrefix(current, e.href+"/")) && len(e.href) > len(best) {
			best = e.href
		}
	}
	var nav []navItem
	for _, e := range navEntries {
		if e.show(a) {
			item := navItem{Href: e.href, Label: translate(lang, e.key), Current: e.href == best}
			if e.counted {
				item.Count = waiting
			}
			nav = append(nav, item)
		}
	}
	return nav
}
