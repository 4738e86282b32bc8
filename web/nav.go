package web

import (
	"strings"

	"teilhabe"
)

type navEntry struct {
	href, key string
	show      func(teilhabe.Actor) bool
}

func always(teilhabe.Actor) bool { return true }

// navEntries is the main navigation in display order. Each entry shows only
// for the roles that may use its page, so every link leads somewhere the
// user is allowed to be.
var navEntries = []navEntry{
	{"/", "nav.start", always},
	{"/inbox", "nav.inbox", teilhabe.CanUseInbox},
	{"/cases", "nav.cases", teilhabe.CanListCases},
	{"/cases/new", "nav.first_contact", teilhabe.CanRecordFirstContact},
	{"/announcements/new", "nav.announce", teilhabe.CanAnnounce},
	{"/capacity", "nav.capacity", teilhabe.CanSeeCapacity},
	{"/programme", "nav.programme", teilhabe.CanSeeProgrammeOverview},
	{"/admin/programmes", "nav.programmes", teilhabe.CanManageSetup},
	{"/admin/users", "nav.users", teilhabe.CanManageSetup},
	{"/audit", "nav.audit", teilhabe.CanReadAudit},
	{"/account", "nav.account", always},
}

// navigation returns the main navigation for a, marking the entry that
// best matches the current path.
func navigation(lang string, a teilhabe.Actor, current string) []navItem {
	best := ""
	for _, e := range navEntries {
		if e.show(a) && (current == e.href || e.href != "/" && strings.HasPrefix(current, e.href+"/")) && len(e.href) > len(best) {
			best = e.href
		}
	}
	var nav []navItem
	for _, e := range navEntries {
		if e.show(a) {
			nav = append(nav, navItem{Href: e.href, Label: translate(lang, e.key), Current: e.href == best})
		}
	}
	return nav
}
