// Filtering for demarche's web page. The page reads in full without it; this adds the
// form (hidden until the script runs), which shows the events of a country, a kind and
// words, with the count. The address can preset it: page.html?country=KZ&kind=visit&q=oil
"use strict";
(function () {
  var form = document.getElementById("_filters");
  var country = document.getElementById("_country");
  var kind = document.getElementById("_kind");
  var words = document.getElementById("_words");
  var count = document.getElementById("_shown");
  var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
  var months = Array.prototype.slice.call(document.querySelectorAll("main section"));

  // Case and accents do not matter: "turkiye" finds "Türkiye".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var texts = events.map(function (e) { return fold(e.textContent); });

  function apply() {
    var c = country.value, k = kind.value;
    var terms = fold(words.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    events.forEach(function (e, i) {
      var ok = (!c || e.dataset.countries.split(" ").indexOf(c) >= 0) &&
        (!k || e.dataset.kind === k) &&
        terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      e.hidden = !ok;
      if (ok) shown += 1;
    });
    months.forEach(function (s) {
      s.hidden = !s.querySelector("article.event:not([hidden])");
    });
    count.value = shown === events.length
      ? "All " + events.length + " events shown"
      : shown + " of " + events.length + " events shown";
  }

  var preset = new URLSearchParams(window.location.search);
  if (preset.has("country")) country.value = preset.get("country").toUpperCase();
  if (preset.has("kind")) kind.value = preset.get("kind").toLowerCase();
  if (preset.has("q")) words.value = preset.get("q");
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  // On paper, the whole description.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  apply();
})();
