// Telusur: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  var language = document.getElementById("language");
  if (language) {
    language.addEventListener("change", function () { language.form.submit(); });
  }
})();
