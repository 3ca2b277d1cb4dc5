// The hosted Connect app [decision:connect-hosted-app]: renders each page of the Connect session
// and answers it through the public `POST /` endpoint, as any third-party client would. No
// framework: DOM built with textContent (never innerHTML), strings from the page's data-messages.
(function () {
  'use strict';
  var root = document.getElementById('connect-app');
  if (!root) return;
  var token = root.getAttribute('data-token');
  var M = JSON.parse(root.getAttribute('data-messages') || '{}');
  var heading = document.getElementById('connect-heading');
  var body = document.getElementById('connect-page');
  var alertBox = document.querySelector('[role="alert"]');
  var statusBox = document.querySelector('[role="status"]');
  var current = null;
  var busy = false;
  /** For the tests: the last page and error the app received. */
  var state = (window.offpeakConnect = { page: null, error: null, requests: 0 });

  function t(key, values) {
    var text = M[key] === undefined ? key : M[key];
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split('{' + name + '}').join(String(values[name]));
      });
    }
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'onclick') node.addEventListener('click', value);
      else if (name === 'onsubmit') node.addEventListener('submit', value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clearAlerts() {
    if (alertBox) alertBox.textContent = '';
    if (statusBox) statusBox.textContent = '';
    body.querySelectorAll('.field-error').forEach(function (n) {
      n.remove();
    });
    body.querySelectorAll('[aria-invalid]').forEach(function (n) {
      n.removeAttribute('aria-invalid');
      n.removeAttribute('aria-describedby');
    });
  }

  function announce(message) {
    if (alertBox) alertBox.appendChild(el('p', { class: 'error', id: 'page-error', text: message }));
  }

  /** An error next to a field (by id), announced too; the field gets focus. */
  function fieldError(fieldId, message, code) {
    var field = fieldId ? document.getElementById(fieldId) : null;
    var text = code ? t('errorWithCode', { message: message, code: code }) : message;
    announce(text);
    if (!field) return;
    var errorId = fieldId + '-error';
    var note = el('p', { class: 'field-error', id: errorId, 'data-code': code || '', text: text });
    var anchor = field.closest('.field') || field;
    anchor.appendChild(note);
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', errorId);
    field.focus();
  }

  function send(payload, fieldOf) {
    if (busy) return Promise.resolve();
    busy = true;
    clearAlerts();
    root.setAttribute('aria-busy', 'true');
    var request = Object.assign({ connect_token: token }, payload);
    state.requests++;
    return fetch('/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { ok: response.ok, json: json };
        });
      })
      .then(function (answer) {
        busy = false;
        root.removeAttribute('aria-busy');
        if (answer.ok && answer.json && answer.json.route) return show(answer.json);
        var error = answer.json || {};
        state.error = error;
        if (!current) {
          // the session could not start (an expired or unknown token): say so as the page
          heading.textContent = t('route.error');
          root.setAttribute('data-route', 'error');
          heading.focus();
        }
        var field = fieldOf ? fieldOf(error.code) : null;
        fieldError(field, error.message || t('failed'), error.code);
      })
      .catch(function () {
        busy = false;
        root.removeAttribute('aria-busy');
        announce(t('offline'));
      });
  }

  function action(name) {
    return send({ route: current.route, action: name });
  }

  function submit(data, fieldOf) {
    return send({ route: current.route, data: data }, fieldOf);
  }

  // ---- fields ---------------------------------------------------------------------------------

  function input(id, label, value, extra) {
    var attrs = Object.assign(
      { id: id, name: id, value: value === undefined || value === null ? '' : value },
      extra || {},
    );
    return el('div', { class: 'field' }, [el('label', { for: id, text: label }), el('input', attrs)]);
  }

  function value(id) {
    var node = document.getElementById(id);
    return node ? node.value.trim() : '';
  }

  function number(id) {
    var text = value(id);
    return text === '' ? NaN : Number(text);
  }

  function choices(name, legend, items) {
    // items: [{value, label, logo}]
    return el(
      'fieldset',
      { class: 'choices', id: name },
      [el('legend', { text: legend })].concat(
        items.map(function (item, i) {
          var id = name + '-' + i;
          var label = el('label', { for: id }, [
            item.logo ? el('img', { src: item.logo, alt: '', width: 32, height: 32, class: 'logo' }) : null,
            el('span', { text: item.label }),
            item.hint ? el('span', { class: 'hint', text: item.hint }) : null,
          ]);
          return el('div', { class: 'choice' }, [
            el('input', { type: 'radio', id: id, name: name, value: item.value, checked: i === 0 }),
            label,
          ]);
        }),
      ),
    );
  }

  function chosen(name) {
    var node = body.querySelector('input[name="' + name + '"]:checked');
    return node ? node.value : '';
  }

  function form(children, onSubmit, submitLabel) {
    return el(
      'form',
      {
        class: 'stack',
        novalidate: true,
        onsubmit: function (event) {
          event.preventDefault();
          onSubmit();
        },
      },
      children.concat([
        el('button', { type: 'submit', class: 'primary', text: submitLabel || t('continue') }),
      ]),
    );
  }

  /** The page's actions as buttons; BACK and CLOSE on every page. */
  function actions(page, skip) {
    var names = page.actions.slice();
    ['BACK', 'CLOSE'].forEach(function (name) {
      if (names.indexOf(name) < 0 && page.route !== 'complete_tariff') names.push(name);
    });
    var buttons = names
      .filter(function (name) {
        return !skip || skip.indexOf(name) < 0;
      })
      .map(function (name) {
        return el('button', {
          type: 'button',
          'data-action': name,
          class: name === 'BACK' || name === 'CLOSE' ? 'secondary' : '',
          text: t('action.' + name),
          onclick: function () {
            action(name);
          },
        });
      });
    return el('div', { class: 'actions', role: 'group', 'aria-label': t('actions') }, buttons);
  }

  function providerName(data) {
    return (data.provider && data.provider.display_name) || '';
  }

  function logoOf(url) {
    // our CSP lets images come from this origin only: another origin's logo is not asked for
    if (!url) return null;
    try {
      var parsed = new URL(url, location.href);
      return parsed.origin === location.origin ? parsed.href : null;
    } catch {
      return null;
    }
  }

  // ---- time of day ----------------------------------------------------------------------------

  function minutesOf(text) {
    var m = /^(\d\d):(\d\d)(?::(\d\d))?$/.exec(text || '');
    if (!m) return NaN;
    var h = Number(m[1]);
    var min = Number(m[2]);
    if (h > 23 || min > 59) return NaN;
    return h * 60 + min;
  }

  /** The minutes of the day each row covers; 00:00 as an end is 24:00, an end before its start wraps. */
  function coverage(rows) {
    var covered = new Array(1440).fill(0);
    rows.forEach(function (row) {
      var from = minutesOf(row.from);
      var to = minutesOf(row.to);
      if (to === 0) to = 1440;
      if (to <= from) to += 1440;
      for (var m = from; m < to; m++) covered[m % 1440]++;
    });
    if (
      covered.some(function (c) {
        return c > 1;
      })
    )
      return 'overlap';
    if (
      covered.some(function (c) {
        return c === 0;
      })
    )
      return 'gap';
    return null;
  }

  function todRows() {
    return Array.prototype.map.call(body.querySelectorAll('tr[data-row]'), function (tr) {
      var i = tr.getAttribute('data-row');
      return { i: i, from: value('tod-from-' + i), to: value('tod-to-' + i), cost: value('tod-cost-' + i) };
    });
  }

  var rowSeq = 0;
  function todRow(tbody, row) {
    var i = rowSeq++;
    var n = tbody.children.length + 1;
    var tr = el('tr', { 'data-row': i }, [
      el('td', {}, [
        el('div', { class: 'field' }, [
          el('label', { for: 'tod-from-' + i, class: 'visually-hidden', text: t('tod.fromRow', { n: n }) }),
          el('input', { id: 'tod-from-' + i, type: 'time', step: 60, value: row.from }),
        ]),
      ]),
      el('td', {}, [
        el('div', { class: 'field' }, [
          el('label', { for: 'tod-to-' + i, class: 'visually-hidden', text: t('tod.toRow', { n: n }) }),
          el('input', { id: 'tod-to-' + i, type: 'time', step: 60, value: row.to }),
        ]),
      ]),
      el('td', {}, [
        el('div', { class: 'field' }, [
          el('label', { for: 'tod-cost-' + i, class: 'visually-hidden', text: t('tod.costRow', { n: n }) }),
          el('input', { id: 'tod-cost-' + i, inputmode: 'decimal', value: row.cost, autocomplete: 'off' }),
        ]),
      ]),
      el('td', {}, [
        el('button', {
          type: 'button',
          class: 'secondary',
          text: t('tod.remove', { n: n }),
          onclick: function () {
            if (tbody.children.length > 1) tr.remove();
            var first = tbody.querySelector('input');
            if (first) first.focus();
          },
        }),
      ]),
    ]);
    tbody.appendChild(tr);
    return tr;
  }

  // ---- pages ----------------------------------------------------------------------------------

  function hhmm(text) {
    return (text || '').slice(0, 5);
  }

  var ADDRESS = ['address_line1', 'address_line2', 'city', 'state', 'post_code', 'country_code'];

  var pages = {
    postal_address_capture: function (page) {
      var address = page.data.postal_address || {};
      return [
        form(
          ADDRESS.map(function (name) {
            return input('addr-' + name, t('address.' + name), address[name], {
              autocomplete:
                name === 'country_code'
                  ? 'country'
                  : name === 'post_code'
                    ? 'postal-code'
                    : name === 'city'
                      ? 'address-level2'
                      : name === 'state'
                        ? 'address-level1'
                        : name === 'address_line1'
                          ? 'address-line1'
                          : 'address-line2',
            });
          }),
          function () {
            var out = {};
            ADDRESS.forEach(function (name) {
              out[name] = value('addr-' + name);
            });
            submit({ postal_address: out }, function (code) {
              if (/^country_code/.test(code)) return 'addr-country_code';
              if (code === 'city_missing' || code === 'timezone_not_found') return 'addr-city';
              return 'addr-address_line1';
            });
          },
        ),
        actions(page),
      ];
    },
    provider_select: function (page) {
      var providers = page.data.providers || [];
      var address = page.data.postal_address || {};
      var where = [address.city, address.country_code].filter(Boolean).join(', ');
      var parts = [el('p', { text: t('provider.lead', { where: where }) })];
      if (providers.length) {
        parts.push(
          form(
            [
              choices(
                'provider',
                t('provider.legend'),
                providers.map(function (p) {
                  return { value: p.id, label: p.display_name, logo: logoOf(p.logo_url) };
                }),
              ),
            ],
            function () {
              submit({ provider: { id: chosen('provider') } }, function () {
                return 'provider-0';
              });
            },
          ),
        );
      } else parts.push(el('p', { text: t('provider.none') }));
      parts.push(actions(page));
      return parts;
    },
    provider_name_capture: function (page) {
      return [
        form(
          [
            input('provider-name', t('providerName.label'), (page.data.provider || {}).name, {
              autocomplete: 'organization',
            }),
          ],
          function () {
            submit({ provider: { name: value('provider-name') } }, function () {
              return 'provider-name';
            });
          },
        ),
        actions(page),
      ];
    },
    session_redirect: function (page) {
      var url = page.data.redirect_url;
      setTimeout(function () {
        location.assign(url);
      }, 0);
      return [el('p', {}, [el('a', { href: url, text: t('redirect.link') })]), actions(page)];
    },
    region_select: function (page) {
      return [
        form(
          [
            choices(
              'region',
              t('region.legend'),
              (page.data.regions || []).map(function (r) {
                return { value: r, label: r };
              }),
            ),
          ],
          function () {
            submit({ region: chosen('region') }, function () {
              return 'region-0';
            });
          },
        ),
        actions(page),
      ];
    },
    tariff_select: function (page) {
      return [
        el('p', { text: providerName(page.data) }),
        form(
          [
            choices(
              'tariff',
              t('tariff.legend'),
              (page.data.tariffs || []).map(function (x) {
                return { value: x.id, label: x.name, hint: x.description };
              }),
            ),
          ],
          function () {
            submit({ tariff: { id: chosen('tariff') } }, function () {
              return 'tariff-0';
            });
          },
        ),
        actions(page),
      ];
    },
    tariff_structure_select: function (page) {
      return [
        form(
          [
            choices(
              'structure',
              t('structure.legend'),
              (page.data.options || []).map(function (o) {
                return { value: o, label: t('structure.' + o) };
              }),
            ),
          ],
          function () {
            submit({ options: [chosen('structure')] }, function () {
              return 'structure-0';
            });
          },
        ),
        actions(page),
      ];
    },
    rate_fixed_capture: function (page) {
      var cost = page.data.cost;
      return [
        form(
          [
            input(
              'fixed-cost',
              t('fixed.label', { currency: page.data.currency_code || '' }),
              cost ? cost : '',
              { inputmode: 'decimal', autocomplete: 'off' },
            ),
          ],
          function () {
            submit({ cost: number('fixed-cost') }, function () {
              return 'fixed-cost';
            });
          },
        ),
        actions(page),
      ];
    },
    rate_tod_capture: function (page) {
      var hours = (page.data.hours || []).filter(function (h) {
        return h && h.valid_from;
      });
      var rows = hours.length
        ? hours.map(function (h) {
            return { from: hhmm(h.valid_from), to: hhmm(h.valid_to), cost: h.cost ? String(h.cost) : '' };
          })
        : [{ from: '00:00', to: '00:00', cost: '' }];
      var tbody = el('tbody');
      rows.forEach(function (row) {
        todRow(tbody, row);
      });
      var table = el('table', { class: 'tod' }, [
        el('caption', { text: t('tod.caption', { currency: page.data.currency_code || '' }) }),
        el('thead', {}, [
          el('tr', {}, [
            el('th', { scope: 'col', text: t('tod.from') }),
            el('th', { scope: 'col', text: t('tod.to') }),
            el('th', { scope: 'col', text: t('tod.cost') }),
            el('th', { scope: 'col', text: t('tod.row') }),
          ]),
        ]),
        tbody,
      ]);
      var add = el('button', {
        type: 'button',
        id: 'tod-add',
        class: 'secondary',
        text: t('tod.add'),
        onclick: function () {
          var last = todRows().pop();
          var tr = todRow(tbody, { from: last ? last.to : '00:00', to: '00:00', cost: '' });
          tr.querySelector('input').focus();
        },
      });
      return [
        el('p', { id: 'tod-help', text: t('tod.help') }),
        form([table, add], function () {
          var list = todRows();
          var bad = list.filter(function (r) {
            return isNaN(minutesOf(r.from));
          })[0];
          if (bad) return fieldError('tod-from-' + bad.i, t('tod.timeInvalid'), null);
          bad = list.filter(function (r) {
            return isNaN(minutesOf(r.to));
          })[0];
          if (bad) return fieldError('tod-to-' + bad.i, t('tod.timeInvalid'), null);
          bad = list.filter(function (r) {
            return r.cost === '' || isNaN(Number(r.cost));
          })[0];
          if (bad) return fieldError('tod-cost-' + bad.i, t('tod.costInvalid'), null);
          clearAlerts();
          var cover = coverage(list);
          if (cover) return fieldError('tod-from-' + list[0].i, t('tod.' + cover), null);
          var data = list.map(function (r) {
            return { cost: Number(r.cost), valid_from: r.from + ':00', valid_to: r.to + ':00' };
          });
          submit({ hours: data }, function (code) {
            // the server names the first row at fault in its message (`data.hours[1].cost`), else the first
            var error = state.error || {};
            var at = /hours\[(\d+)\]/.exec(error.message || '');
            var row = list[at ? Number(at[1]) : 0] || list[0];
            if (/^valid_to/.test(code)) return 'tod-to-' + row.i;
            if (/^cost/.test(code)) {
              if (!at) {
                var zero = list.filter(function (r) {
                  return Number(r.cost) <= 0;
                })[0];
                if (zero) row = zero;
              }
              return 'tod-cost-' + row.i;
            }
            return 'tod-from-' + row.i;
          });
        }),
        actions(page),
      ];
    },
    rate_advanced_capture: function (page) {
      var text = JSON.stringify(page.data.tariff || {}, null, 2);
      return [
        form(
          [
            el('div', { class: 'field' }, [
              el('label', { for: 'advanced-json', text: t('advanced.label') }),
              el('textarea', { id: 'advanced-json', rows: 14, spellcheck: 'false' }, [text]),
            ]),
          ],
          function () {
            var parsed;
            try {
              parsed = JSON.parse(document.getElementById('advanced-json').value);
            } catch {
              return fieldError('advanced-json', t('advanced.invalid'), null);
            }
            submit({ tariff: parsed }, function () {
              return 'advanced-json';
            });
          },
        ),
        actions(page),
      ];
    },
    surcharge_capture: function (page) {
      var s = page.data.surcharge || {};
      return [
        el('p', { text: t('surcharge.lead') }),
        form(
          [
            input(
              'surcharge-fixed',
              t('surcharge.fixed', { currency: page.data.currency_code || '' }),
              s.fixed,
              { inputmode: 'decimal' },
            ),
            input('surcharge-percentage', t('surcharge.percentage'), s.percentage, { inputmode: 'decimal' }),
          ],
          function () {
            submit(
              {
                surcharge: {
                  fixed: number('surcharge-fixed') || 0,
                  percentage: number('surcharge-percentage') || 0,
                },
              },
              function (code) {
                return /percentage/.test(code) ? 'surcharge-percentage' : 'surcharge-fixed';
              },
            );
          },
        ),
        actions(page),
      ];
    },
    tariff_name_capture: function (page) {
      return [
        form([input('tariff-name', t('tariffName.label'), (page.data.tariff || {}).name)], function () {
          submit({ tariff: { name: value('tariff-name') } }, function () {
            return 'tariff-name';
          });
        }),
        actions(page),
      ];
    },
    contract_term_capture: function (page) {
      var d = page.data;
      var select = el('select', { id: 'contract-term', name: 'contract-term' }, [
        el('option', { value: '', text: t('contract.unknown') }),
        el('option', {
          value: 'FIXED',
          text: t('contract.FIXED'),
          selected: d.contract_term_type === 'FIXED',
        }),
        el('option', {
          value: 'UNTIL_TERMINATED',
          text: t('contract.UNTIL_TERMINATED'),
          selected: d.contract_term_type === 'UNTIL_TERMINATED',
        }),
      ]);
      var day = function (v) {
        return v ? String(v).slice(0, 10) : '';
      };
      return [
        form(
          [
            input('contract-start', t('contract.start'), day(d.contract_start_date), { type: 'date' }),
            input('contract-end', t('contract.end'), day(d.contract_end_date), { type: 'date' }),
            el('div', { class: 'field' }, [
              el('label', { for: 'contract-term', text: t('contract.term') }),
              select,
            ]),
          ],
          function () {
            var at = function (id) {
              var v = value(id);
              return v ? v + 'T00:00:00Z' : null;
            };
            var term = value('contract-term');
            submit(
              {
                contract_start_date: at('contract-start'),
                contract_end_date: at('contract-end'),
                contract_term_type: term || null,
              },
              function (code) {
                var message = (state.error || {}).message || '';
                return /end/.test(message)
                  ? 'contract-end'
                  : /term/.test(code + message)
                    ? 'contract-term'
                    : 'contract-start';
              },
            );
          },
        ),
        actions(page),
      ];
    },
    tariff_connection_pending: function (page) {
      return [el('p', { text: t('pending.lead', { provider: providerName(page.data) }) }), actions(page)];
    },
    tariff_connection_failed: function (page) {
      return [el('p', { text: t('failed.lead', { provider: providerName(page.data) }) }), actions(page)];
    },
    tariff_summary: function (page) {
      var d = page.data;
      var tariff = d.tariff || {};
      var facts = [
        ['summary.provider', providerName(d)],
        ['summary.name', tariff.name],
        ['summary.structure', tariff.structure_type],
        ['summary.connection', d.connection_type],
        ['summary.status', tariff.status],
        ['summary.start', day(tariff.contract_start_date)],
        ['summary.end', /^9999/.test(tariff.contract_end_date || '') ? '' : day(tariff.contract_end_date)],
      ].filter(function (f) {
        return f[1];
      });
      var dl = el(
        'dl',
        { class: 'facts' },
        facts.reduce(function (all, f) {
          return all.concat([el('dt', { text: t(f[0]) }), el('dd', { text: String(f[1]) })]);
        }, []),
      );
      return [dl].concat(rates(d), [actions(page)]);
    },
    complete_tariff: function (page) {
      var url = page.data.callback_url;
      setTimeout(function () {
        location.assign(url);
      }, 0);
      return [el('p', {}, [el('a', { href: url, text: t('complete.link') })])];
    },
    error: function (page) {
      return [el('p', { text: page.error_message || t('failed') }), actions(page, ['BACK'])];
    },
  };

  // ---- the summary's rates --------------------------------------------------------------------

  var DAYS = ['yesterday', 'today', 'tomorrow'];

  function day(text) {
    return text ? String(text).slice(0, 10) : '';
  }

  function rates(d) {
    var all = d.rates || {};
    var rows = [];
    DAYS.forEach(function (day) {
      (all[day] || []).forEach(function (r) {
        rows.push({ day: day, from: r.valid_from, to: r.valid_to, cost: r.tariff ? r.tariff.cost : null });
      });
    });
    if (!rows.length) return [el('p', { text: t('summary.noRates') })];
    var caption = t('summary.ratesCaption', { currency: d.currency_code || '' });
    var chartBox = el('figure', { class: 'chart' }, [
      el('div', { id: 'rates-chart', role: 'img', 'aria-label': caption }),
      el('figcaption', { text: caption }),
    ]);
    var table = el('table', { class: 'rates' }, [
      el('caption', { class: 'visually-hidden', text: caption }),
      el('thead', {}, [
        el('tr', {}, [
          el('th', { scope: 'col', text: t('summary.day') }),
          el('th', { scope: 'col', text: t('tod.from') }),
          el('th', { scope: 'col', text: t('tod.to') }),
          el('th', { scope: 'col', text: t('tod.cost') }),
        ]),
      ]),
      el(
        'tbody',
        {},
        rows.map(function (r) {
          return el('tr', {}, [
            el('td', { text: t('summary.' + r.day) }),
            el('td', { text: String(r.from).slice(11, 16) }),
            el('td', { text: String(r.to).slice(11, 16) }),
            el('td', { text: r.cost === null ? '' : String(r.cost) }),
          ]);
        }),
      ),
    ]);
    setTimeout(function () {
      drawRates(rows, d.currency_code);
    }, 0);
    return [
      el('h2', { text: t('summary.rates') }),
      chartBox,
      el('details', {}, [el('summary', { text: t('summary.table') }), table]),
    ];
  }

  function drawRates(rows, currency) {
    var box = document.getElementById('rates-chart');
    if (!box || typeof window.uPlot !== 'function') return;
    var x = rows.map(function (r) {
      return Date.parse(r.from) / 1000;
    });
    var y = rows.map(function (r) {
      return r.cost;
    });
    var last = rows[rows.length - 1];
    x.push(Date.parse(last.to) / 1000);
    y.push(last.cost);
    // the location's offset, from the first row: labels on its clock whatever the browser's zone
    var m = /([+-])(\d\d):(\d\d)$/.exec(rows[0].from);
    var offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
    var pad = function (n) {
      return (n < 10 ? '0' : '') + n;
    };
    var clock = function (s) {
      var d = new Date((s + offset) * 1000);
      return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
    };
    var width = Math.max(280, Math.min(900, box.clientWidth || 600));
    var plot = new window.uPlot(
      {
        width: width,
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false },
          y: {
            range: function (u, min, max) {
              return [0, max * 1.1 || 1];
            },
          },
        },
        axes: [
          {
            splits: function (u, i, min, max) {
              var out = [];
              var step = u.width < 520 ? 43200 : 21600;
              var first = Math.ceil((min + offset) / step) * step - offset;
              for (var s = first; s <= max; s += step) out.push(s);
              return out;
            },
            values: function (u, splits) {
              return splits.map(clock);
            },
          },
          { label: currency || '' },
        ],
        series: [
          {},
          {
            points: { show: false },
            stroke: '#1f4e99',
            fill: 'rgba(31,78,153,0.12)',
            paths: window.uPlot.paths.stepped({ align: 1 }),
          },
        ],
      },
      [x, y],
      box,
    );
    window.offpeakConnect.chart = { x: x, y: y, drawn: !!plot };
    window.addEventListener('resize', function () {
      if (document.body.contains(box))
        plot.setSize({ width: Math.max(280, Math.min(900, box.clientWidth)), height: 220 });
    });
  }

  // ---- showing a page -------------------------------------------------------------------------

  function show(page) {
    current = page;
    state.page = page;
    state.error = null;
    var render = pages[page.route];
    heading.textContent = t('route.' + page.route);
    document.title = heading.textContent + ' · ' + t('app');
    root.setAttribute('data-route', page.route);
    body.textContent = '';
    var parts = render ? render(page) : [el('p', { text: t('failed') }), actions(page)];
    if (page.live_mode === false) parts.unshift(el('p', { class: 'mode mode-test', text: t('testMode') }));
    parts.forEach(function (part) {
      body.appendChild(part);
    });
    heading.focus();
  }

  if (!token) return;
  send({ route: 'session_start' });
})();
