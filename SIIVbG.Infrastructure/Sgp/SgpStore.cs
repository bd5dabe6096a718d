using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SIIVbG.Infrastructure.Sgp;

/// <summary>One attempt to import a snapshot: what it was, how it ended, its counts, quarantine and data-quality issues.</summary>
public sealed class SgpImportRun
{
    public Guid Id { get; set; }
    public DateOnly? SnapshotDate { get; set; }
    public string? ManifestSha256 { get; set; }
    public string Source { get; set; } = "";
    /// <summary>applied, unchanged or rejected.</summary>
    public string Status { get; set; } = "";
    public string? Reason { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    /// <summary>The report as JSON (counts, quarantine, issues): what the CLI prints and the admin panel shows.</summary>
    public string Report { get; set; } = "{}";
    /// <summary>While running: the phase and rows done per file (JSON), written on its own connection so it shows live.</summary>
    public string? Progress { get; set; }
}

/// <summary>
/// What SIIVbG keeps of each SGP row it has seen: the record it became (<see cref="TargetId"/>), a hash of its
/// normalised values (to tell changed from unchanged), and whether tonight's snapshot still has it. Rows absent from a
/// snapshot are marked, never deleted (SPEC guarantee 3).
/// </summary>
public sealed class SgpRecord
{
    public string Kind { get; set; } = "";
    public string SgpId { get; set; } = "";
    /// <summary>The survivor, case, episode… it became; null while a person waits in the review queue.</summary>
    public Guid? TargetId { get; set; }
    /// <summary>For persons: linked or review.</summary>
    public string? Link { get; set; }
    /// <summary>The SHA-256 of the row's normalised values (32 bytes).</summary>
    public byte[] RowHash { get; set; } = [];
    /// <summary>The SGP row it hangs from: a case's or child's person, a milestone's, episode's or aggressor's case.</summary>
    public string? ParentSgpId { get; set; }
    public bool Present { get; set; }
    public DateOnly FirstSeen { get; set; }
    /// <summary>
    /// For a row gone from SGP, the last snapshot that had it. For a row still present, the snapshot where it last changed:
    /// it is in the latest snapshot by definition, and not rewriting it keeps an unchanged night from updating every row.
    /// </summary>
    public DateOnly LastSeen { get; set; }
}

/// <summary>
/// A match the import was not sure of (SPEC guarantee 1): an SGP person without RUN whose names and birth date come close
/// to a survivor's, or equal more than one. A person confirms or rejects it; a confirmed merge can be undone later.
/// Every step stays in the row (never deleted): pending → confirmed → undone, or pending → rejected.
/// </summary>
public sealed class SgpReview
{
    public Guid Id { get; set; }
    public string SgpPersonId { get; set; } = "";
    public Guid? CandidateSurvivorId { get; set; }
    /// <summary>The minimum needed to decide: names, birth date, comuna and programme as SGP has them (JSON).</summary>
    public string Person { get; set; } = "{}";
    public string Reason { get; set; } = "";
    public string Status { get; set; } = SgpReviewStatus.Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    /// <summary>The survivor created for her when the match was rejected or undone.</summary>
    public Guid? SeparateSurvivorId { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
    public Guid? UndoneBy { get; set; }
}

public static class SgpReviewStatus
{
    public const string Pending = "pending", Confirmed = "confirmed", Rejected = "rejected", Undone = "undone";
}

internal sealed class SgpReviewConfiguration : IEntityTypeConfiguration<SgpReview>
{
    public void Configure(EntityTypeBuilder<SgpReview> b)
    {
        b.ToTable("sgp_reviews");
        b.HasKey(r => r.Id);
        b.Property(r => r.SgpPersonId).HasMaxLength(60);
        b.Property(r => r.Person).HasColumnType("jsonb");
        b.Property(r => r.Reason).HasMaxLength(300);
        b.Property(r => r.Status).HasMaxLength(12);
        b.Property(r => r.DecisionNote).HasMaxLength(500);
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => r.SgpPersonId);
    }
}

internal sealed class SgpImportRunConfiguration : IEntityTypeConfiguration<SgpImportRun>
{
    public void Configure(EntityTypeBuilder<SgpImportRun> b)
    {
        b.ToTable("sgp_import_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.ManifestSha256).HasMaxLength(64);
        b.Property(r => r.Source).HasMaxLength(500);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.Property(r => r.Report).HasColumnType("jsonb");
        b.Property(r => r.Progress).HasColumnType("jsonb");
        b.HasIndex(r => r.ManifestSha256);
    }
}

internal sealed class SgpRecordConfiguration : IEntityTypeConfiguration<SgpRecord>
{
    public void Configure(EntityTypeBuilder<SgpRecord> b)
    {
        b.ToTable("sgp_records");
        b.HasKey(r => new { r.Kind, r.SgpId });
        // SGP's keys are codes, compared byte for byte: the "C" collation sorts them without the locale's rules, which
        // matters when a first night builds these indexes over millions of rows (ADR 018, "First night").
        b.Property(r => r.Kind).HasMaxLength(20).UseCollation("C");
        b.Property(r => r.SgpId).HasMaxLength(60).UseCollation("C");
        b.Property(r => r.Link).HasMaxLength(10);
        b.Property(r => r.ParentSgpId).HasMaxLength(60).UseCollation("C");
        // Only undoing a merge looks rows up by their parent, and only these kinds (SgpAdministration.UndoAsync).
        b.HasIndex(r => new { r.Kind, r.ParentSgpId }).HasFilter("kind::text = ANY (ARRAY['caso'::text, 'nna'::text, 'agresor'::text])");
    }
}
