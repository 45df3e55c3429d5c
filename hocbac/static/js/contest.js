// Contest pages: the countdown of the question page, the tab-switch record, one submit per
// tap, and the retry of a busy start. The server owns the clock: at zero the page reloads and
// the server decides what comes next; nothing here is sent as a time.
(function () {
  "use strict";
  var quiz = document.querySelector(".quiz");
  if (quiz) {
    var left = parseInt(quiz.dataset.secondsLeft, 10);
    var shown = document.getElementById("seconds-left");
    var endsAt = Date.now() + left * 1000;
    var timer = setInterval(function () {
      var remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      shown.textContent = remaining;
      if (remaining <= 5) { shown.parentNode.classList.add("low"); }
      if (remaining === 0) { clearInterval(timer); window.location.replace(quiz.dataset.reloadUrl); }
    }, 250);
    var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && navigator.sendBeacon) {
        var data = new FormData();
        data.append("csrfmiddlewaretoken", token);
        navigator.sendBeacon(quiz.dataset.tabUrl, data);
      }
    });
    var form = quiz.querySelector("form");
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      clearInterval(timer);
    });
  }
  var retry = document.querySelector("form.retry");
  if (retry) {
    var wait = parseInt(retry.dataset.retryAfter, 10) || 2;
    setTimeout(function () { retry.submit(); }, (wait + Math.random() * wait) * 1000);  // jitter
  }
})();
