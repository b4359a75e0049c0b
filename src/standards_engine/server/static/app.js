// Progressive enhancement only: the page works without this file.
document.documentElement.classList.add("js");
document.addEventListener("click", function (ev) {
  var copy = ev.target.closest("[data-copy]");
  if (copy) {
    var area = document.getElementById(copy.getAttribute("data-copy"));
    area.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(area.value); } else { document.execCommand("copy"); }
    copy.textContent = document.documentElement.lang === "en" ? "Copied" : "Kopieret";
  }
  if (ev.target.closest("[data-print]")) { window.print(); }
});
