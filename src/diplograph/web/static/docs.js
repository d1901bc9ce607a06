// Starts Swagger UI on /openapi.json (a file, not inline script: the page's CSP forbids inline script).
"use strict";
(function () {
  var target = document.getElementById("swagger-ui");
  if (typeof window.SwaggerUIBundle !== "function") {
    var p = document.createElement("p");
    p.textContent = "Swagger UI is not installed here; the OpenAPI document is at ";
    var a = document.createElement("a");
    a.href = "/openapi.json";
    a.textContent = "/openapi.json";
    p.appendChild(a);
    target.replaceChildren(p);
    return;
  }
  window.ui = window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
})();
