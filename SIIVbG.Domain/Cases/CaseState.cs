namespace SIIVbG.Domain.Cases;

/// <summary>Life cycle of a case as SGP records it. See <see cref="Case"/> for the transitions allowed.</summary>
public enum CaseState
{
    /// <summary>Orientación e información: first contact, not yet admitted.</summary>
    Orientation = 1,
    /// <summary>Ingreso: admitted to the centre's programme.</summary>
    Intake = 2,
    /// <summary>Intervención: the individual plan is being carried out.</summary>
    Intervention = 3,
    /// <summary>Egreso: the intervention ended as planned.</summary>
    Discharge = 4,
    /// <summary>Seguimiento: the centre checks on her after the egreso.</summary>
    FollowUp = 5,
    /// <summary>Deserción / abandono: she left the intervention. Final.</summary>
    Dropout = 6,
    /// <summary>Cierre: nothing more is done in this case. Final.</summary>
    Closed = 7,
}

public static class CaseStateNames
{
    /// <summary>Spanish name used in domain messages.</summary>
    public static string Spanish(CaseState state) => state switch
    {
        CaseState.Orientation => "Orientación",
        CaseState.Intake => "Ingreso",
        CaseState.Intervention => "Intervención",
        CaseState.Discharge => "Egreso",
        CaseState.FollowUp => "Seguimiento",
        CaseState.Dropout => "Deserción",
        CaseState.Closed => "Cierre",
        _ => state.ToString(),
    };
}
