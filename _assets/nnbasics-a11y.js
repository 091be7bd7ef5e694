// Names for controls that the book does not write itself (the widget manager's sliders, the theme's
// buttons), so that a screen reader announces what a control is and what it shows. They appear after
// the page has loaded (widgets render on "load", Font Awesome swaps icons for SVGs), so a mutation
// observer labels each one as it arrives. The browser test audits every page with axe-core.
(function () {
  var ids = 0;
  var WATCHED = ".cell_output, .theme-switch-button";      // where the markup to label appears

  function idOf(el) {
    if (!el.id) { el.id = "nnb-a11y-" + (++ids); }
    return el.id;
  }

  function set(el, name, value) {                       // only on change: the observer sees our writes
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  // A widget slider: its <label> names the handle (role="slider"), and the handle tells the value the
  // reader sees in the readout ("0.0481"), not the position noUiSlider reports ("11").
  function slider(el) {
    var label = el.querySelector(":scope > .widget-label");
    var handle = el.querySelector("[role=slider]");
    var readout = el.querySelector(":scope > .widget-readout");
    if (!label || !handle) { return; }
    set(handle, "aria-labelledby", idOf(label));
    if (readout && readout.textContent) { set(handle, "aria-valuetext", readout.textContent); }
  }

  // Toggle buttons: a labelled group whose buttons say which one is on.
  function toggles(el) {
    var label = el.querySelector(":scope > .widget-label");
    var group = label && label.nextElementSibling;
    if (!group) { return; }
    set(group, "role", "group");
    set(group, "aria-labelledby", idOf(label));
    group.querySelectorAll("button").forEach(function (b) {
      set(b, "aria-pressed", b.classList.contains("mod-active") ? "true" : "false");
    });
  }

  // On a narrow screen a live figure's frame box scrolls sideways (nnbasics.css); it then takes the
  // keyboard focus (the arrow keys scroll it) and says what it is.
  function frames(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      set(box, "tabindex", "0");
      set(box, "role", "region");
      set(box, "aria-label", "Figure, wider than the screen: scroll sideways to see all of it");
    } else if (box.getAttribute("role") === "region") {
      ["tabindex", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
    }
  }

  function widgets(root) {
    root.querySelectorAll(".nnb-live-figure > .nnb-frames").forEach(frames);
    root.querySelectorAll(".widget-slider").forEach(slider);
    root.querySelectorAll(".widget-toggle-buttons").forEach(toggles);
    // A widget with no tooltip renders title="null": a hover text saying "null".
    root.querySelectorAll(".jupyter-widgets [title=null], .jupyter-widgets[title=null]").forEach(function (e) {
      e.removeAttribute("title");
    });
  }

  function theme() {
    // The colour-mode button is named "Color mode"; its icons' SVG titles ("Light", "Dark", ...) would be
    // read as its visible text, which the name does not contain. The icons are decoration.
    document.querySelectorAll(".theme-switch-button svg").forEach(function (svg) {
      svg.querySelectorAll("title").forEach(function (t) { t.remove(); });
      svg.removeAttribute("aria-labelledby");
      set(svg, "aria-hidden", "true");
    });
    // A page with sub-pages (the library reference) gets a chevron in the navigation that opens its
    // list; its <summary> holds only the icon, so it says which list it opens.
    document.querySelectorAll(".bd-sidenav details > summary").forEach(function (s) {
      var link = s.parentElement.parentElement.querySelector(":scope > a");
      if (link) { set(s, "aria-label", "Sections of " + link.textContent.trim()); }
    });
    // The search field shows "Search Ctrl+K"; an aria-label of "Search" would hide the shortcut.
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (b) {
      b.removeAttribute("aria-label");
    });
  }

  function update() {
    theme();
    widgets(document);
  }

  window.addEventListener("resize", function () { widgets(document); });
  window.addEventListener("DOMContentLoaded", function () {
    update();
    var pending = false;
    new MutationObserver(function (records) {
      if (pending || !records.some(function (r) {
        var el = r.target instanceof Element ? r.target : r.target.parentElement;
        return el && el.closest(WATCHED);
      })) { return; }
      pending = true;
      // Once per batch of changes, after the widget manager and noUiSlider have made theirs.
      Promise.resolve().then(function () { pending = false; update(); });
    }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true,
                                attributeFilter: ["aria-valuetext", "class"] });
  });
})();
