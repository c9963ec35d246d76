// Follows a queued or running import on its page; without JavaScript the page reloads itself instead.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) {
    return;
  }
  var bar = document.getElementById("import-progress-bar");
  var status = document.getElementById("import-status");
  var done = box.querySelector("[data-rows-done]");
  var total = box.querySelector("[data-rows-total]");

  function show(data) {
    bar.max = data.rows_total || 1;
    bar.value = data.rows_done;
    bar.textContent = data.percent + "%";
    if (done) { done.textContent = data.rows_done; }
    if (total) { total.textContent = data.rows_total; }
    if (status) { status.textContent = data.status_label; }
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.reload();  // the finished page shows the counts and any problem
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 2000);
})();
