// Shows the index of the levels chosen on the self-assessment form before it is saved:
// Σ level × weight / 100, rounded to two decimals, once every indicator has a level.
// Progressive enhancement only: without JavaScript the index is recomputed on each save.
(function () {
  "use strict";
  var form = document.getElementById("levels");
  var live = document.getElementById("live-index");
  if (!form || !live) {
    return;
  }
  var cells = form.querySelectorAll(".indicator-card[data-weight]");
  var shown = live.querySelector("strong");

  function update() {
    var total = 0;
    var complete = cells.length > 0;
    cells.forEach(function (cell) {
      var chosen = cell.querySelector("input[type=radio]:checked");
      if (!chosen) {
        complete = false;
        return;
      }
      // Weights have four decimals: counting in ten-thousandths keeps the sum exact.
      total += parseInt(chosen.value, 10) * Math.round(parseFloat(cell.dataset.weight) * 10000);
    });
    live.hidden = !complete;
    // total is the index × 1,000,000; round half up to hundredths, as the server does.
    var hundredths = Math.floor((total + 5000) / 10000);
    shown.textContent = (hundredths / 100).toLocaleString(document.documentElement.lang || undefined, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  }

  form.addEventListener("change", update);
  update();

  // After a refused save the summary of errors is read first.
  var errors = document.getElementById("levels-errors");
  if (errors) {
    errors.focus();
  }
})();
