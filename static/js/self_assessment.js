// Shows the index computed from the levels chosen on the page before saving. The page works without it.
(function () {
  var form = document.getElementById("levels");
  var live = document.getElementById("live-index");
  if (!form || !live) return;
  function update() {
    var total = 0, complete = true;
    form.querySelectorAll("td.level-cell").forEach(function (cell) {
      var select = cell.querySelector("select");
      if (!select || select.value === "") { complete = false; return; }
      total += parseInt(select.value, 10) * parseFloat(cell.dataset.weight);
    });
    live.hidden = !complete;
    live.querySelector("strong").textContent = (Math.round(total) / 100).toFixed(2);
  }
  form.addEventListener("change", update);
  update();
})();
