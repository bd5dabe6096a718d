using System.Net;
using System.Text;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.DevServices.ClaveUnica;

/// <summary>
/// Stands in for ClaveÚnica's password page. Plain HTML forms (no JavaScript) so that a browser test can
/// click <c>[data-run="…"]</c> or fill <c>#run-input</c> and press <c>#run-submit</c>.
/// </summary>
internal static class PickerPage
{
    public static string Render(string action, string returnUrl, string antiforgeryField, string antiforgeryToken,
        string clientId, string? typedRun = null, string? error = null)
    {
        var hidden = $"""
            <input type="hidden" name="{E(antiforgeryField)}" value="{E(antiforgeryToken)}">
            <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
            """;
        var rows = new StringBuilder();
        foreach (var op in DemoData.Operators)
        {
            var run = op.Run.ToString();
            rows.Append($"""
                <tr>
                  <td><button type="submit" name="run" value="{E(run)}" data-run="{E(run)}">{E(op.Run.ToDisplay())}</button></td>
                  <td>{E(op.GivenNames)} {E(op.Surnames)}</td>
                  <td>{E(op.Role)}</td>
                  <td>{E(op.Level.ToString())}</td>
                  <td>{(op.Active ? "Activa" : "<strong>Desactivada</strong>")}</td>
                </tr>
                """);
        }
        var errorHtml = error is null ? "" : $"""<p id="run-error" role="alert" class="error">{E(error)}</p>""";

        return $$"""
            <!DOCTYPE html>
            <html lang="es">
            <head>
              <meta charset="utf-8">
              <title>ClaveÚnica — simulador de desarrollo</title>
              <style>
                body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 60rem; }
                table { border-collapse: collapse; margin-bottom: 2rem; }
                td, th { border: 1px solid #ccc; padding: .4rem .6rem; text-align: left; }
                .aviso { background: #fff3cd; padding: .6rem; }
                .error { color: #b00020; font-weight: bold; }
              </style>
            </head>
            <body>
              <h1>ClaveÚnica — simulador de desarrollo</h1>
              <p class="aviso">Este simulador reemplaza a ClaveÚnica solo en desarrollo y pruebas. No pide contraseña.
                La aplicación <code>{{E(clientId)}}</code> solicita identificar a una persona.</p>
              <h2>Operadoras de demostración</h2>
              <form method="post" action="{{E(action)}}">
                {{hidden}}
                <table>
                  <thead><tr><th>RUN</th><th>Nombre</th><th>Rol</th><th>Nivel</th><th>Estado</th></tr></thead>
                  <tbody>
                    {{rows}}
                  </tbody>
                </table>
              </form>
              <h2>Otra persona</h2>
              <p>Ingrese cualquier RUN válido, por ejemplo {{E(DemoData.UnregisteredRun.ToDisplay())}}, para probar a una persona no registrada en el sistema.</p>
              <form method="post" action="{{E(action)}}">
                {{hidden}}
                <label for="run-input">RUN</label>
                <input id="run-input" name="run" value="{{E(typedRun ?? "")}}" placeholder="12.345.678-5" autocomplete="off">
                <button id="run-submit" type="submit">Ingresar</button>
                {{errorHtml}}
              </form>
            </body>
            </html>
            """;
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
