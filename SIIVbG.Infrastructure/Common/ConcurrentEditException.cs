namespace SIIVbG.Infrastructure.Common;

/// <summary>Someone saved the same record after this operator opened it: nothing was written, she must reload.</summary>
public sealed class ConcurrentEditException(string what)
    : Exception($"Otra persona modificó {what} mientras usted lo editaba. Recargue para ver los cambios; no se guardó nada.");
