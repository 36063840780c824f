// The baseline: what an ImportJSON-style script does. Pages one after another at the API's default page size,
// one appendRow per payment, no retries, no rate-limit handling. Plain Apps Script, run in the same local runtime.
function naiveSync(provider, credential, baseUrl) {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Naive');
  sheet.appendRow(['provider', 'id', 'date', 'status', 'amount', 'currency', 'customer_name', 'customer_email']);
  function get(url, headers) {
    return JSON.parse(UrlFetchApp.fetch(url, { headers: headers }).getContentText());
  }
  if (provider === 'aura') {
    var cursor = null;
    do {
      var page = get(baseUrl + '/v1/payments' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''), {
        Authorization: 'Bearer ' + credential,
      });
      page.data.forEach(function (p) {
        sheet.appendRow(['aura', p.id, new Date(p.payment_date), p.status, p.amount / 100, p.currency, p.customer_name, p.customer_email]);
      });
      cursor = page.pagination.has_more ? page.pagination.next_cursor : null;
    } while (cursor);
  } else if (provider === 'koteshen') {
    var number = 1;
    for (;;) {
      var body = get(baseUrl + '/api/v1/payments?page=' + number, { Authorization: 'Bearer ' + credential });
      body.data.forEach(function (p) {
        sheet.appendRow(['koteshen', p.id, new Date(p.paid_at), 'succeeded', p.amount.cents / 100, p.amount.currency_iso, '', '']);
      });
      if (!body.meta.pagination.next_page) break;
      number += 1;
    }
  } else {
    for (var n = 1; ; n++) {
      var data = get(baseUrl + '/api/v1/payments?page=' + n, { 'X-API-KEY': credential }).data;
      data.items.forEach(function (p) {
        sheet.appendRow([
          'uqualify',
          p.id,
          new Date(p.created_at),
          p.status,
          Number(p.amount),
          p.currency,
          p.customer.name,
          p.customer.email,
        ]);
      });
      if (!data.items.length || !data.next || data.next <= n) break;
    }
  }
}
