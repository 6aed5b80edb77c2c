/**
 * The review app's front end: one page, one script, one style sheet, no framework. Everything
 * the page shows from the project is put in with textContent, never as HTML.
 */

/** The page; the token is given to the script in a meta element and to the assets in their URLs. */
export function reviewPage(token: string): string {
  const attribute = token.replace(/[&"<>]/g, (char) => `&#${char.charCodeAt(0)};`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="tolk-token" content="${attribute}">
<title>tolk review</title>
<link rel="stylesheet" href="/app.css?token=${attribute}">
<script src="/app.js?token=${attribute}" defer></script>
</head>
<body>
<main id="main"><p>Loading…</p></main>
</body>
</html>
`
}

export const reviewStyle = String.raw`body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table.queue { border-collapse: collapse; width: 100%; } table.queue td, table.queue th { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }
ul.waiting { list-style: none; padding: 0; } li.waiting-unit { border-left: 4px solid #d97706; background: #fff; margin: .5rem 0; padding: .5rem .75rem; }
li.waiting-unit .src { color: #555; } li.waiting-unit .suggestion { color: #065f46; }
ol.units { list-style: none; padding: 0; }
li.unit { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; background: #fff; border: 1px solid #ddd; border-left: 6px solid #9ca3af; margin: .6rem 0; padding: .6rem .8rem; }
li.unit.current { outline: 2px solid #2563eb; }
li.status-needs-review { border-left-color: #d97706; } li.status-reviewed { border-left-color: #059669; } li.status-missing { border-left-color: #dc2626; }
li.saving { opacity: .6; }
.source { white-space: pre-wrap; }
mark.term { background: #dbeafe; border-bottom: 2px solid #2563eb; } mark.unknown { background: #fee2e2; text-decoration: wavy underline #dc2626; }
.quote.locked { background: #f3f4f6; border: 1px dashed #6b7280; padding: 0 .2rem; cursor: not-allowed; }
.markup { border-bottom: 1px dotted #6b7280; } .atom { background: #f3f4f6; font-family: ui-monospace, monospace; }
.terms { font-size: .85rem; color: #1e40af; margin-top: .3rem; } .term-form { margin-right: .8rem; }
textarea.translation { width: 100%; box-sizing: border-box; font: inherit; padding: .3rem; }
.preview { font-size: .9rem; color: #374151; margin: .2rem 0; }
.badge { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #374151; }
.problems { color: #b91c1c; margin: .2rem 0; padding-left: 1.2rem; }
.suggestion { background: #ecfdf5; padding: .3rem .5rem; margin: .3rem 0; } .suggestion-source { font-size: .85rem; color: #555; }
.actions button, .suggestion button { margin-right: .5rem; margin-top: .3rem; }
.keys { font-size: .85rem; color: #555; } .error { color: #b91c1c; }
`

export const reviewScript = String.raw`'use strict'
;(function () {
  var token = document.querySelector('meta[name="tolk-token"]').getAttribute('content')
  var main = document.getElementById('main')
  var state = { view: null, units: [], current: 0 }

  function api(path, body) {
    var init = { headers: { 'X-Tolk-Token': token } }
    if (body) {
      init.method = 'POST'
      init.headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(body)
    }
    return fetch(path, init).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok && response.status !== 422) throw new Error(data.error || response.statusText)
        return data
      })
    })
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name]
      else if (name === 'className') node.className = attrs[name]
      else node.setAttribute(name, attrs[name])
    })
    ;(children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
    })
    return node
  }

  function statusLabel(status) {
    return { 'needs-review': 'needs review', machine: 'machine', missing: 'missing', reviewed: 'reviewed' }[status] || status
  }

  function percent(value) {
    return Math.round(value * 100) + ' %'
  }

  function suggestionBy(suggestion) {
    return suggestion.status === 'reviewed' ? 'reviewed' + (suggestion.reviewer ? ' by ' + suggestion.reviewer : '') : 'machine'
  }

  // The queue: every article and language with its counts, then what waits for review.
  function showQueue() {
    state.view = 'queue'
    document.title = 'tolk review'
    api('/api/queue').then(function (data) {
      main.textContent = ''
      main.appendChild(el('h1', { text: 'What needs review' }))
      var waiting = el('ul', { className: 'waiting', id: 'waiting' })
      var table = el('table', { className: 'queue' }, [el('thead', {}, [el('tr', {}, ['Article', 'Language', 'Needs review', 'Machine', 'Missing', 'Reviewed'].map(function (label) { return el('th', { text: label }) }))])])
      var body = el('tbody')
      table.appendChild(body)
      data.articles.forEach(function (row) {
        var href = '#/a/' + encodeURIComponent(row.slug) + '/' + encodeURIComponent(row.lang)
        body.appendChild(el('tr', {}, [el('td', {}, [el('a', { href: href, className: 'article-link', 'data-slug': row.slug, 'data-lang': row.lang, text: row.title })]), el('td', { text: row.lang }), el('td', { text: String(row.counts.needsReview) }), el('td', { text: String(row.counts.machine) }), el('td', { text: String(row.counts.missing) }), el('td', { text: String(row.counts.reviewed) })]))
        row.needsReview.forEach(function (unit) {
          waiting.appendChild(el('li', { className: 'waiting-unit' }, [el('a', { href: href, text: row.lang + ' · ' + row.title }), el('div', { className: 'src', text: plain(unit.source) }), el('div', { className: 'now', text: plain(unit.translation || '') }), unit.suggestion ? el('div', { className: 'suggestion', text: 'Suggestion (' + percent(unit.suggestion.similarity) + ', ' + suggestionBy(unit.suggestion) + '): ' + plain(unit.suggestion.text) }) : null]))
        })
      })
      if (!waiting.firstChild) waiting.appendChild(el('li', { text: 'Nothing waits for review.' }))
      main.appendChild(waiting)
      main.appendChild(el('h2', { text: 'Articles' }))
      main.appendChild(table)
    }).catch(fail)
  }

  function plain(text) {
    return text.replace(/<[^>]+>/g, '')
  }

  var tagPattern = /<g\s+id="(\d+)"\s*>|<\/g\s*>|<x\s+id="(\d+)"\s*\/>|<x\s+id="(\d+)"\s*><\/x\s*>/g

  function unescapeXml(text) {
    return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  }

  // Text with its terms marked: each term's Swedish form, with its approved form as a tooltip and beside it.
  function appendMarked(parent, text, marks) {
    var at = 0
    while (at < text.length) {
      var best = null
      marks.forEach(function (mark) {
        if (!mark.word) return
        var found = text.indexOf(mark.word, at)
        if (found >= 0 && (best === null || found < best.at)) best = { at: found, mark: mark }
      })
      if (!best) break
      if (best.at > at) parent.appendChild(document.createTextNode(text.slice(at, best.at)))
      parent.appendChild(el('mark', { className: best.mark.className, title: best.mark.title, text: best.mark.word }))
      at = best.at + best.mark.word.length
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)))
  }

  // A source text with placeholders shown: kept quotations locked, inline markup outlined, terms marked.
  function renderSource(unit) {
    var root = el('div', { className: 'source', lang: 'sv' })
    var stack = [root]
    var marks = unit.terms.map(function (term) { return { word: term.source, className: 'term', title: 'Approved: ' + term.target } })
    var last = 0
    var match
    tagPattern.lastIndex = 0
    while ((match = tagPattern.exec(unit.source))) {
      appendMarked(stack[stack.length - 1], unescapeXml(unit.source.slice(last, match.index)), marks)
      last = match.index + match[0].length
      if (match[1]) {
        var span = el('span', { className: 'markup', title: 'Markup ' + match[1] + ' (' + ((unit.placeholders[match[1]] || {}).kind || '') + ')' })
        stack[stack.length - 1].appendChild(span)
        stack.push(span)
      } else if (match[0].charAt(1) === '/') {
        if (stack.length > 1) stack.pop()
      } else {
        var id = match[2] || match[3]
        var info = unit.placeholders[id] || { kind: 'atom' }
        if (info.kind === 'quote') stack[stack.length - 1].appendChild(el('span', { className: 'quote locked', title: 'Kept quotation: stays as written (placeholder ' + id + ')', text: '\uD83D\uDD12 ' + (info.text || '') }))
        else stack[stack.length - 1].appendChild(el('span', { className: 'atom', title: info.kind + ' (placeholder ' + id + ')', text: info.text ? info.text : '[' + info.kind + ']' }))
      }
    }
    appendMarked(stack[stack.length - 1], unescapeXml(unit.source.slice(last)), marks)
    if (unit.terms.length) {
      root.appendChild(el('div', { className: 'terms' }, unit.terms.map(function (term) { return el('span', { className: 'term-form', text: term.source + ' → ' + term.target }) })))
    }
    return root
  }

  function renderPreview(unit, text) {
    var preview = el('div', { className: 'preview' })
    var marks = unit.unknownWords.map(function (word) { return { word: word, className: 'unknown', title: 'The engine did not know this word' } })
    appendMarked(preview, unescapeXml(text.replace(tagPattern, function (whole, g, x1, x2) {
      var id = x1 || x2
      if (!id) return ''
      var info = unit.placeholders[id] || {}
      return info.kind === 'quote' ? '\u00ab\uD83D\uDD12\u00bb' : info.text || '\u25a1'
    })), marks)
    return preview
  }

  function showArticle(slug, lang) {
    state.view = 'article'
    api('/api/units?slug=' + encodeURIComponent(slug) + '&lang=' + encodeURIComponent(lang)).then(function (data) {
      state.slug = slug
      state.lang = lang
      state.units = data.units
      document.title = data.title + ' (' + lang + ') · tolk review'
      main.textContent = ''
      main.appendChild(el('p', {}, [el('a', { href: '#/', text: '← What needs review' })]))
      main.appendChild(el('h1', { text: data.title + ' · ' + lang }))
      main.appendChild(el('p', { className: 'counts', id: 'counts', text: countsText(data.counts) }))
      main.appendChild(el('p', { className: 'keys', text: 'Keys: Ctrl+Enter approve and go on · Ctrl+↓ / Ctrl+↑ next / previous (skip) · Ctrl+I take the suggestion. Keep every <x id="N"/> and <g id="N">…</g>: they stand for kept quotations, links and markup.' }))
      var list = el('ol', { className: 'units', id: 'units' })
      data.units.forEach(function (unit, index) { list.appendChild(renderUnit(unit, index)) })
      main.appendChild(list)
      focusUnit(0)
    }).catch(fail)
  }

  function countsText(counts) {
    return counts.needsReview + ' need review, ' + counts.machine + ' machine, ' + counts.missing + ' missing, ' + counts.reviewed + ' reviewed'
  }

  function renderUnit(unit, index) {
    var editor = el('textarea', { className: 'translation', lang: state.lang, rows: '3', 'aria-label': 'Translation' })
    editor.value = unit.translation || ''
    var row = el('li', { className: 'unit status-' + unit.status, 'data-key': unit.key, 'data-status': unit.status, 'data-index': String(index) })
    var badge = el('span', { className: 'badge', text: statusLabel(unit.status) + (unit.reason === 'source-changed' ? ' · source changed' : unit.reason === 'glossary-changed' ? ' · glossary changed' : '') })
    var problems = el('ul', { className: 'problems', role: 'alert' }, unit.problems.map(function (problem) { return el('li', { text: problem }) }))
    var preview = renderPreview(unit, editor.value)
    editor.addEventListener('input', function () {
      var next = renderPreview(unit, editor.value)
      preview.replaceWith(next)
      preview = next
    })
    editor.addEventListener('focus', function () { setCurrent(index) })
    var side = el('div', { className: 'target' }, [badge, editor, preview, problems])
    if (unit.suggestion) {
      var take = el('button', { type: 'button', className: 'take-suggestion', text: 'Use suggestion (Ctrl+I)' })
      take.addEventListener('click', function () { useSuggestion(index) })
      side.appendChild(el('div', { className: 'suggestion' }, [el('span', { className: 'suggestion-label', text: 'Suggestion, ' + percent(unit.suggestion.similarity) + ', ' + suggestionBy(unit.suggestion) + ': ' }), el('span', { className: 'suggestion-text', text: unit.suggestion.text }), el('div', { className: 'suggestion-source', lang: 'sv', text: 'for: ' + plain(unit.suggestion.source) }), take]))
    }
    var approveButton = el('button', { type: 'button', className: 'approve', text: 'Approve (Ctrl+Enter)' })
    approveButton.addEventListener('click', function () { approve(index) })
    var skip = el('button', { type: 'button', className: 'skip', text: 'Skip (Ctrl+↓)' })
    skip.addEventListener('click', function () { focusUnit(index + 1) })
    side.appendChild(el('div', { className: 'actions' }, [approveButton, skip]))
    row.appendChild(renderSource(unit))
    row.appendChild(side)
    return row
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('#units > li.unit'))
  }

  function setCurrent(index) {
    state.current = index
    rows().forEach(function (row, at) { row.classList.toggle('current', at === index) })
  }

  function focusUnit(index) {
    var all = rows()
    if (!all.length) return
    var at = Math.max(0, Math.min(index, all.length - 1))
    setCurrent(at)
    var editor = all[at].querySelector('textarea')
    editor.focus()
    all[at].scrollIntoView({ block: 'center' })
  }

  function useSuggestion(index) {
    var unit = state.units[index]
    if (!unit || !unit.suggestion) return
    var editor = rows()[index].querySelector('textarea')
    editor.value = unit.suggestion.text
    editor.dispatchEvent(new Event('input'))
    editor.focus()
  }

  function approve(index) {
    var unit = state.units[index]
    var row = rows()[index]
    if (!unit || !row) return
    var editor = row.querySelector('textarea')
    row.classList.add('saving')
    api('/api/approve', { slug: state.slug, lang: state.lang, key: unit.key, text: editor.value }).then(function (result) {
      row.classList.remove('saving')
      var problems = row.querySelector('.problems')
      problems.textContent = ''
      if (!result.saved) {
        row.setAttribute('data-saved', 'refused')
        ;(result.problems || []).forEach(function (problem) { problems.appendChild(el('li', { text: problem })) })
        editor.focus()
        return
      }
      unit.status = 'reviewed'
      unit.translation = editor.value
      row.setAttribute('data-status', 'reviewed')
      row.setAttribute('data-saved', 'saved')
      row.className = 'unit status-reviewed'
      row.querySelector('.badge').textContent = 'reviewed' + (result.edition ? ' · edition rebuilt' : '')
      var counts = { needsReview: 0, machine: 0, missing: 0, reviewed: 0 }
      state.units.forEach(function (item) { counts[item.status === 'needs-review' ? 'needsReview' : item.status]++ })
      document.getElementById('counts').textContent = countsText(counts)
      focusUnit(index + 1)
    }).catch(function (error) {
      row.classList.remove('saving')
      row.setAttribute('data-saved', 'error')
      row.querySelector('.problems').appendChild(el('li', { text: String(error.message || error) }))
    })
  }

  function fail(error) {
    main.textContent = ''
    main.appendChild(el('p', { className: 'error', role: 'alert', text: String(error.message || error) }))
  }

  document.addEventListener('keydown', function (event) {
    if (state.view !== 'article') return
    if (event.ctrlKey && event.key === 'Enter') {
      event.preventDefault()
      approve(state.current)
    } else if (event.ctrlKey && event.key === 'ArrowDown') {
      event.preventDefault()
      focusUnit(state.current + 1)
    } else if (event.ctrlKey && event.key === 'ArrowUp') {
      event.preventDefault()
      focusUnit(state.current - 1)
    } else if (event.ctrlKey && (event.key === 'i' || event.key === 'I')) {
      event.preventDefault()
      useSuggestion(state.current)
    }
  })

  function route() {
    var match = /^#\/a\/([^/]+)\/([^/]+)$/.exec(location.hash)
    if (match) showArticle(decodeURIComponent(match[1]), decodeURIComponent(match[2]))
    else showQueue()
  }
  window.addEventListener('hashchange', route)
  route()
})()
`
