using SIIVbG.Domain.Common;

namespace SIIVbG.Domain.Territory;

/// <summary>Region with its official CUT code (two digits, e.g. "13").</summary>
public sealed class Region
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    private Region() { }
    public Region(string code, string name) { Code = code; Name = name; }
}

public sealed class Province
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    private Province() { }
    public Province(string code, string name, string regionCode) { Code = code; Name = name; RegionCode = regionCode; }
}

public sealed class Comuna
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string ProvinceCode { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    private Comuna() { }
    public Comuna(string code, string name, string provinceCode, string regionCode)
    {
        Code = code; Name = name; ProvinceCode = provinceCode; RegionCode = regionCode;
    }
}

/// <summary>Municipality or NGO that runs centres under agreement with SernamEG (ente ejecutor).</summary>
public sealed class ExecutingEntity
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    private ExecutingEntity() { }
    public ExecutingEntity(string code, string name, string regionCode)
    {
        Code = Limited(code, Centre.MaxCodeLength, "El código del ente ejecutor");
        Name = Limited(name, Centre.MaxNameLength, "El nombre del ente ejecutor");
        RegionCode = regionCode;
    }

    internal static string Limited(string value, int max, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException($"{what} es obligatorio.")
        : value.Length > max ? throw new DomainException($"{what} no puede superar {max} caracteres.")
        : value;
}

/// <summary>A centre or device (Centro de la Mujer, Casa de Acogida…).</summary>
public sealed class Centre
{
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string ExecutingEntityCode { get; private set; } = "";
    public string ComunaCode { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    private Centre() { }
    public const int MaxCodeLength = 20, MaxNameLength = 200, MaxKindLength = 100;

    public Centre(string code, string name, string kind, string executingEntityCode, string comunaCode, string regionCode)
    {
        Code = ExecutingEntity.Limited(code, MaxCodeLength, "El código del centro");
        Name = ExecutingEntity.Limited(name, MaxNameLength, "El nombre del centro");
        Kind = ExecutingEntity.Limited(kind, MaxKindLength, "El tipo de centro");
        ExecutingEntityCode = ExecutingEntity.Limited(executingEntityCode, MaxCodeLength, "El código del ente ejecutor");
        ComunaCode = comunaCode;
        RegionCode = regionCode;
    }
}
