namespace SIIVbG.Infrastructure.Common;

/// <summary>Someone saved the same record after this operator opened it: nothing was written, she must reload.</summary>
public sealed class ConcurrentEditException(string what)
    : Exception($"Otra persona modificó {what} mientras usted lo editaba. Recargue para ver los cambios; no se guardó nada.");

public static class ConcurrentEdits
{
    /// <summary>
    /// The operator changes <paramref name="entity"/> as she saw it at <paramref name="version"/>: if it moved since, say so
    /// before judging her change against a state she has not seen; otherwise the save checks that same version.
    /// </summary>
    public static void ExpectVersion<T>(this Microsoft.EntityFrameworkCore.DbContext db, T entity, uint version, string what) where T : class
    {
        var stored = db.Entry(entity).Property<uint>("Version");
        if (stored.CurrentValue != version) throw new ConcurrentEditException(what);
        stored.OriginalValue = version;
    }
}
