using System.Text;

namespace SIIVbG.Web.Security;

/// <summary>A short Spanish message as a plain-text response, for endpoints a person reaches from a form.</summary>
internal static class PlainText
{
    public static IResult Of(string message, int status) => Results.Text(message, "text/plain; charset=utf-8", Encoding.UTF8, status);
}
