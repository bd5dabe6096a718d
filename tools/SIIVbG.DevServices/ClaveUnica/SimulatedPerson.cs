using System.Security.Cryptography;
using System.Text;
using SIIVbG.Domain.Identity;
using SIIVbG.Infrastructure.Seeding;

namespace SIIVbG.DevServices.ClaveUnica;

/// <summary>What ClaveÚnica would know about a person: RUN, names and its own opaque <c>sub</c>.</summary>
public sealed record SimulatedPerson(Run Run, string[] Nombres, string[] Apellidos)
{
    public static SimulatedPerson For(Run run)
    {
        var op = DemoData.Operators.FirstOrDefault(o => o.Run == run);
        return op is null
            ? new(run, ["Persona"], ["No", "Registrada"])
            : new(run, SplitNames(op.GivenNames), SplitNames(op.Surnames));
    }

    /// <summary>
    /// Stable, numeric and deliberately unrelated to the RUN: ClaveÚnica tells integrators not to key on
    /// <c>sub</c>, and a sub that differs from the RUN makes any such mistake visible in development.
    /// </summary>
    public string Sub
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes("siivbg-claveunica-sim:" + Run));
            return (BitConverter.ToUInt64(hash, 0) % 9_000_000 + 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The userinfo document, field for field as ClaveÚnica sends it.</summary>
    public object ToUserInfo() => new Dictionary<string, object>
    {
        ["sub"] = Sub,
        ["RolUnico"] = new Dictionary<string, object>
        {
            ["numero"] = Run.Number,
            ["DV"] = Run.CheckDigit.ToString(),
            ["tipo"] = "RUN",
        },
        ["name"] = new Dictionary<string, object> { ["nombres"] = Nombres, ["apellidos"] = Apellidos },
    };

    private static string[] SplitNames(string names) => names.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
