namespace SIIVbG.Domain.Cases;

/// <summary>Estimated risk (riesgo bajo / medio / alto / grave o vital). Ordered: a higher value is a higher risk.</summary>
public enum RiskLevel { Low = 1, Medium = 2, High = 3, Vital = 4 }
