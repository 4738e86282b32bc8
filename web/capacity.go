package web

import (
	"net/http"
	"strconv"

	"teilhabe"
	"teilhabe/sqldb"
)

type capacityPage struct {
	page
	Capacity sqldb.Capacity
	Pager    pager
}

// capacity shows places, assignments and waiting lists per location, a
// page of locations at a time, with the totals of all of them; the filter
// keeps the locations that are full or have a waiting list.
func (s *Server) capacity(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	q := r.URL.Query()
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	f := sqldb.CapacityFilter{Year: s.db.Today().Year(), Attention: q.Get("attention") == "on", Page: page}
	p := capacityPage{page: s.newPage(r, "title.capacity")}
	for k, v := range q {
		p.Form[k] = v[0]
	}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2200 {
			p.Problems = []problem{{Field: "year", key: "err.year"}}
			p.Capacity.Year = f.Year
			return s.render(w, r, http.StatusUnprocessableEntity, "capacity", &p)
		}
		f.Year = y
	}
	p.Form["year"] = strconv.Itoa(f.Year)
	c, err := s.db.FindCapacity(r.Context(), u.Actor(), f)
	if err != nil {
		return err
	}
	if f.Page > 1 && len(c.Locations) == 0 {
		return teilhabe.ErrNotFound // a page past the last
	}
	p.Capacity, p.Pager = c, newPager(r, max(f.Page, 1), c.More)
	p.Title = p.T("title.capacity") + " " + strconv.Itoa(c.Year)
	return s.render(w, r, http.StatusOK, "capacity", &p)
}

// capacityView is the dot of the "capacitytable" partial.
type capacityView struct {
	P *page
	C sqldb.Capacity
	// Edit links each location to its form.
	Edit bool
}

// CapacityTable prepares a page of locations for the "capacitytable"
// partial.
func (p *page) CapacityTable(c sqldb.Capacity) capacityView {
	return capacityView{P: p, C: c, Edit: p.User != nil && teilhabe.CanManageLocations(p.User.Actor())}
}
