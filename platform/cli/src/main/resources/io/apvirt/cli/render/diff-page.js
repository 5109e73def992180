/* apvirt diff --html: builds the rows table, the filters and the matrix from the embedded apvirt.diff/1
   document. Document text goes into the page through textContent and setAttribute only (never as markup). */
(function () {
  'use strict';
  const PAGE_SIZE = 500;
  const doc = JSON.parse(document.getElementById('apvirt-diff').textContent);
  const policies = doc.policies;
  const dims = doc.dimensions;
  const classes = doc.classes;
  const instructions = new Map(doc.instructions.map(i => [i.id, i]));

  /* The colour class of an outcome text ("cc0 0x00", "cc3 0x01@hi", "operation", ...; the sweep may append
     " gr<n>=<hex>" when only registers differ, which does not change the kind). */
  function kind(text) {
    if (text === null || text === undefined) return 'none';
    const t = String(text).split(/\s+gr\d+=/)[0];
    if (/@hi$/.test(t)) return 'hi';
    const cc = /^cc([0-3])(\s|$)/.exec(t);
    if (cc) return 'cc' + cc[1];
    switch (t) {
      case 'operation': case 'op': return 'operation';
      case 'privileged-operation': case 'priv-op': return 'privileged-operation';
      case 'specification': case 'spec': return 'specification';
      case 'addressing': case 'addr': return 'addressing';
      default: return 'other';
    }
  }

  function el(tag, props, text) {
    const e = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'className') e.className = v; else e.setAttribute(k, v === true ? '' : String(v));
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* "guest.facilities.apqi" -> "guest.apqi" (first and last part) unless two dimensions would share a name. */
  const shortNames = (function () {
    const short = n => { const p = n.split('.'); return p.length > 2 ? p[0] + '.' + p[p.length - 1] : n; };
    const all = dims.map(d => short(d.name));
    const m = new Map();
    dims.forEach((d, i) => m.set(d.name, all.indexOf(all[i]) === all.lastIndexOf(all[i]) ? all[i] : d.name));
    return m;
  })();
  const shortName = n => shortNames.get(n) || n;
  const firstValue = new Map(dims.map(d => [d.name, JSON.stringify(d.values[0])]));

  /* One condition as a token: +x / -x for booleans, x=v otherwise, x in {a, b} for a set (a long set cut after
     SET_SHOWN values; the title has all). */
  const SET_SHOWN = 8;
  function token(name, value) {
    const n = name === 'instruction' ? 'instruction' : shortName(name);
    if (Array.isArray(value)) {
      if (value.length === 1) return token(name, value[0]);
      const shown = value.slice(0, SET_SHOWN).map(String).join(', ');
      return n + ' in {' + shown + (value.length > SET_SHOWN ? ', \u2026 ' + (value.length - SET_SHOWN) + ' more' : '') + '}';
    }
    if (value === true) return '+' + n;
    if (value === false) return '-' + n;
    return n + '=' + String(value);
  }
  function tokens(cell, entries) {
    for (const [name, value] of entries) {
      if (cell.childNodes.length > 0) cell.appendChild(document.createTextNode(' '));
      const title = name + (Array.isArray(value) ? ' in ' + value.map(String).join(', ') : ' = ' + JSON.stringify(value));
      cell.appendChild(el('span', {className: Array.isArray(value) ? 'tok set' : 'tok', title: title}, token(name, value)));
    }
  }

  /* The deciding rule, after the rule of the level above that handed the instruction on: "via > rule". */
  const ruleText = o => (o.via ? o.via + ' > ' : '') + (o.rule || '-');

  function outcomeCell(outcome, departs, extra) {
    const text = outcome ? outcome.text : null;
    const td = el('td', {className: 'out o-' + kind(text) + (departs ? ' dep' : '') + (extra ? ' ' + extra : '')},
      text === null || text === undefined ? '-' : text);
    if (outcome) td.title = ruleText(outcome) + ' (' + (outcome.level || '-') + ')' + (departs ? ', departs from architected' : '');
    return td;
  }

  /* ---- filter state ---- */
  const state = {dims: dims.map(() => null), instruction: null, onlyDiffering: false, rule: '', row: null};
  const prepared = classes.map(c => ({
    c: c,
    keys: dims.map(d => JSON.stringify(c.conditions ? c.conditions[d.name] : null)),
    rules: policies.map(p => c.outcomes ? c.outcomes[p] : null).concat([c.architected])
      .flatMap(o => o ? [o.rule, o.via] : []).filter(r => r)
  }));
  function matches(p) {
    const c = p.c;
    for (let i = 0; i < dims.length; i++) if (state.dims[i] !== null && p.keys[i] !== state.dims[i]) return false;
    if (state.instruction !== null && c.instruction !== state.instruction) return false;
    if (state.onlyDiffering && !c.differs) return false;
    if (state.row !== null && c.row !== state.row) return false;
    if (state.rule !== '' && !p.rules.some(r => r.includes(state.rule))) return false;
    return true;
  }

  /* ---- rows table ---- */
  const rowsTable = document.getElementById('rows');
  (function buildRows() {
    const tr = el('tr');
    tr.appendChild(el('th', null, 'row'));
    tr.appendChild(el('th', null, 'when'));
    for (const p of policies) tr.appendChild(el('th', {className: 'pol'}, p));
    tr.appendChild(el('th', null, 'classes'));
    rowsTable.tHead.appendChild(tr);
    const body = rowsTable.tBodies[0];
    for (const r of doc.rows) {
      const line = el('tr', {id: 'row-' + r.id, tabindex: 0, title: r.text, 'data-row': r.id});
      line.appendChild(el('td', {className: 'id'}, r.id));
      const when = el('td', {className: 'when'});
      const entries = Object.entries(r.when || {});
      if (entries.length === 0) when.appendChild(el('span', {className: 'tok'}, 'always'));
      tokens(when, entries);
      line.appendChild(when);
      for (const p of policies) {
        const text = r.outcomes ? r.outcomes[p] : null;
        line.appendChild(el('td', {className: 'out o-' + kind(text)}, text === null || text === undefined ? '-' : text));
      }
      line.appendChild(el('td', {className: 'num'}, r.classes));
      line.addEventListener('click', () => selectRow(r.id));
      line.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectRow(r.id); } });
      body.appendChild(line);
    }
    if (doc.rows.length === 0) {
      const line = el('tr');
      line.appendChild(el('td', {colspan: policies.length + 3, className: 'empty'}, 'no rows: the policies agree on every class'));
      body.appendChild(line);
    }
  })();
  const rowFilter = document.getElementById('row-filter');
  function selectRow(id) {
    state.row = state.row === id ? null : id;
    for (const line of rowsTable.tBodies[0].rows) line.classList.toggle('selected', line.dataset.row === state.row);
    rowFilter.replaceChildren();
    rowFilter.hidden = state.row === null;
    if (state.row !== null) {
      rowFilter.appendChild(document.createTextNode('row ' + state.row + ' '));
      const clear = el('button', {type: 'button', id: 'clear-row', title: 'list every row again'}, 'clear');
      clear.addEventListener('click', () => selectRow(state.row));
      rowFilter.appendChild(clear);
    }
    update();
  }

  /* ---- filters ---- */
  const form = document.getElementById('filters');
  form.addEventListener('submit', e => e.preventDefault());
  function select(id, label, title) {
    const l = el('label', {title: title});
    l.appendChild(document.createTextNode(label));
    const s = el('select', {id: id});
    s.appendChild(el('option', {value: ''}, 'any'));
    l.appendChild(s);
    form.appendChild(l);
    return s;
  }
  const instrSelect = select('filter-instruction', 'instruction', 'the instruction class');
  const families = new Map();
  for (const i of doc.instructions) {
    if (!families.has(i.family)) {
      const g = el('optgroup', {label: i.family});
      families.set(i.family, g);
      instrSelect.appendChild(g);
    }
    families.get(i.family).appendChild(el('option', {value: i.id, title: i.text + ': ' + i.description}, i.id));
  }
  instrSelect.addEventListener('change', () => { state.instruction = instrSelect.value === '' ? null : instrSelect.value; update(); });
  const dimSelects = dims.map((d, i) => {
    const s = select('filter-' + d.name.replace(/\./g, '-'), shortName(d.name), d.name);
    s.dataset.dimension = d.name;
    for (const v of d.values) s.appendChild(el('option', {value: JSON.stringify(v)}, String(v)));
    s.addEventListener('change', () => { state.dims[i] = s.value === '' ? null : s.value; update(); });
    return s;
  });
  const ruleLabel = el('label', {title: 'classes where an outcome (a policy\'s or the architected one) names a rule (or the rule that handed it on) containing this text'});
  ruleLabel.appendChild(document.createTextNode('rule'));
  const ruleInput = el('input', {type: 'text', id: 'filter-rule', list: 'rule-ids', placeholder: 'rule id', spellcheck: 'false'});
  ruleLabel.appendChild(ruleInput);
  const ruleIds = el('datalist', {id: 'rule-ids'});
  for (const r of [...new Set(prepared.flatMap(p => p.rules))].sort()) ruleIds.appendChild(el('option', {value: r}));
  ruleLabel.appendChild(ruleIds);
  form.appendChild(ruleLabel);
  ruleInput.addEventListener('input', () => { state.rule = ruleInput.value.trim(); update(); });
  const diffLabel = el('label', {className: 'check'});
  const onlyDiffering = el('input', {type: 'checkbox', id: 'only-differing'});
  diffLabel.appendChild(onlyDiffering);
  diffLabel.appendChild(document.createTextNode('only where policies differ'));
  form.appendChild(diffLabel);
  onlyDiffering.addEventListener('change', () => { state.onlyDiffering = onlyDiffering.checked; update(); });
  const reset = el('button', {type: 'button', id: 'reset-filters', title: 'every filter back to any'}, 'reset');
  reset.addEventListener('click', () => {
    HTMLFormElement.prototype.reset.call(form);
    state.dims = dims.map(() => null);
    state.instruction = null; state.onlyDiffering = false; state.rule = '';
    if (state.row !== null) selectRow(state.row); else update();
  });
  form.appendChild(reset);

  /* ---- matrix ---- */
  const matrix = document.getElementById('matrix');
  (function buildHead() {
    const tr = el('tr');
    tr.appendChild(el('th', null, 'class'));
    tr.appendChild(el('th', {title: 'the row of the rows table that covers the class'}, 'row'));
    tr.appendChild(el('th', null, 'instruction'));
    tr.appendChild(el('th', {title: 'the dimensions whose value is not the first swept value'}, 'conditions'));
    tr.appendChild(el('th', {className: 'pol arch', title: 'the architected result (docs/architecture.md#11.5)'}, 'architected'));
    for (const p of policies) tr.appendChild(el('th', {className: 'pol'}, p));
    matrix.tHead.appendChild(tr);
  })();
  const body = matrix.tBodies[0];
  const shown = document.getElementById('shown-count');
  const more = document.getElementById('more');
  let matched = [];
  let listed = 0;

  function line(c) {
    const departs = new Set(c.departs || []);
    const tr = el('tr', {id: 'class-' + c.id, className: 'line' + (c.differs ? ' differs' : ''), 'data-class': c.id});
    const id = el('td', {className: 'id cid', title: c.differs ? 'the policies differ' : 'the policies agree'}, c.id);
    if (c.differs) id.appendChild(el('span', {className: 'mark'}, '*'));
    tr.appendChild(id);
    tr.appendChild(el('td', {className: 'id rowref'}, c.row === null || c.row === undefined ? '-' : c.row));
    const ins = instructions.get(c.instruction);
    tr.appendChild(el('td', {className: 'id', title: ins ? ins.text + ': ' + ins.description : null}, c.instruction));
    const cond = el('td', {className: 'cond'});
    const changed = Object.entries(c.conditions || {}).filter(([n, v]) => firstValue.get(n) !== JSON.stringify(v));
    if (changed.length === 0) cond.appendChild(el('span', {className: 'defaults'}, 'first values'));
    tokens(cond, changed);
    tr.appendChild(cond);
    tr.appendChild(outcomeCell(c.architected, false, 'arch'));
    for (const p of policies) tr.appendChild(outcomeCell(c.outcomes ? c.outcomes[p] : null, departs.has(p)));
    tr.addEventListener('click', () => toggleDetail(tr, c));
    return tr;
  }

  /* A value on one line: {name: "TAPQ", apqn: "03.0005"}. */
  function compact(v) {
    if (Array.isArray(v)) return '[' + v.map(compact).join(', ') + ']';
    if (v !== null && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => k + ': ' + compact(x)).join(', ') + '}';
    return JSON.stringify(v === undefined ? null : v);
  }

  /*
   * The page embeds the classes without their witnesses (they are most of a document): a
   * witness is the class's instruction template (its config, setup and step) on the class's
   * conditions, as apvirt diff --json writes it.
   */
  function witnessOf(c, ins) {
    if (!ins || !ins.step) return {};
    const config = {};
    for (const [n, v] of Object.entries(c.conditions || {})) if (n !== 'problem-state') config[n] = v;
    Object.assign(config, ins.config || {});
    const step = Object.assign({name: c.instruction}, ins.step, {'problem-state': (c.conditions || {})['problem-state'] === true});
    return {config: config, setup: ins.setup || [], step: step};
  }

  function toggleDetail(tr, c) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains('detail')) { next.remove(); return; }
    const d = el('tr', {className: 'detail', id: 'detail-' + c.id});
    const td = el('td', {colspan: policies.length + 5});
    const dl = el('dl');
    const add = (k, v) => { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, v)); };
    const ins = instructions.get(c.instruction);
    add('instruction', c.instruction + (ins ? ': ' + ins.text + ', ' + ins.description : ''));
    add('conditions', Object.entries(c.conditions || {}).map(([n, v]) => n + '=' + String(v)).join(' '));
    const describe = o => o ? o.text + ', rule ' + ruleText(o) + ', level ' + o.level : '-';
    add('architected', describe(c.architected));
    for (const p of policies) add(p, describe(c.outcomes ? c.outcomes[p] : null) + ((c.departs || []).includes(p) ? ', departs from architected' : ''));
    const w = c.witness || witnessOf(c, ins);
    add('witness config', Object.entries(w.config || {}).map(([k, v]) => k + '=' + String(v)).join(' ') || '-');
    (w.setup || []).forEach((step, n) => add('witness setup ' + (n + 1), compact(step)));
    add('witness step', compact(w.step));
    td.appendChild(dl);
    d.appendChild(td);
    tr.after(d);
  }

  function list(upTo) {
    const frag = document.createDocumentFragment();
    for (; listed < upTo && listed < matched.length; listed++) frag.appendChild(line(matched[listed].c));
    body.appendChild(frag);
    const n = matched.length;
    shown.textContent = n + ' of ' + classes.length + ' classes shown' + (listed < n ? ', the first ' + listed + ' listed' : '');
    shown.dataset.matching = n;
    shown.dataset.listed = listed;
    more.hidden = listed >= n;
    more.textContent = 'show more (' + Math.min(PAGE_SIZE, n - listed) + ' of ' + (n - listed) + ' not listed)';
  }

  function update() {
    matched = prepared.filter(matches);
    body.replaceChildren();
    listed = 0;
    if (matched.length === 0) {
      const tr = el('tr');
      tr.appendChild(el('td', {colspan: policies.length + 5, className: 'empty'}, 'no class matches the filters'));
      body.appendChild(tr);
    }
    list(PAGE_SIZE);
  }
  more.addEventListener('click', () => list(listed + PAGE_SIZE));
  update();
})();
