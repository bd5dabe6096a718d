using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Episodes;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Plans;
using SIIVbG.Domain.Survivors;
using SIIVbG.Domain.Territory;

namespace SIIVbG.Infrastructure.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("cases");
        b.HasKey(c => c.Id);
        b.Property(c => c.CaseNumber).HasMaxLength(Case.MaxCodeLength).IsRequired();
        b.HasIndex(c => c.CaseNumber).IsUnique();
        b.Property(c => c.ProgrammeLine).HasMaxLength(Case.MaxCodeLength);
        b.Property(c => c.InterventionType).HasMaxLength(Case.MaxCodeLength);
        b.Property(c => c.CentreCode).HasMaxLength(20);
        b.Property(c => c.ExecutingEntityCode).HasMaxLength(20);
        b.Property(c => c.State).HasConversion<int>();
        b.Property(c => c.LatestRisk).HasConversion<int?>();
        b.Property(c => c.DropoutReason).HasMaxLength(Case.MaxNoteLength);
        b.HasOne<Survivor>().WithMany().HasForeignKey(c => c.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Centre>().WithMany().HasForeignKey(c => c.CentreCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.SurvivorId, c.CentreCode });
        b.HasIndex(c => new { c.CentreCode, c.State });
        b.OwnsMany(c => c.Milestones, m =>
        {
            m.ToJson("milestones");
            m.Property(x => x.State).HasConversion<int>();
        });
        b.Navigation(c => c.Milestones).HasField("_milestones").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.RiskEstimates, r =>
        {
            r.ToJson("risk_estimates");
            r.Property(x => x.Level).HasConversion<int>();
        });
        b.Navigation(c => c.RiskEstimates).HasField("_riskEstimates").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.ServicesGiven, s => s.ToJson("services_given"));
        b.Navigation(c => c.ServicesGiven).HasField("_servicesGiven").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class ViolenceEpisodeConfiguration : IEntityTypeConfiguration<ViolenceEpisode>
{
    public void Configure(EntityTypeBuilder<ViolenceEpisode> b)
    {
        b.ToTable("violence_episodes");
        b.HasKey(e => e.Id);
        b.Property(e => e.RegisteredByCentre).HasMaxLength(20);
        b.Property(e => e.Place).HasMaxLength(200);
        b.Property(e => e.ComunaCode).HasMaxLength(5);
        b.Property(e => e.ViolenceTypes).HasConversion<int>();
        b.Property(e => e.AggressorRelation).HasConversion<int>();
        b.Property(e => e.RiskAtRegistration).HasConversion<int?>();
        b.Property(e => e.Observations).HasMaxLength(4000);
        b.HasOne<Survivor>().WithMany().HasForeignKey(e => e.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Comuna>().WithMany().HasForeignKey(e => e.ComunaCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.SurvivorId, e.OccurredOn });
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.ToTable("consents");
        b.HasKey(c => c.Id);
        b.Property(c => c.GivenBy).HasConversion<int>();
        b.Property(c => c.Form).HasConversion<int?>();
        b.Property(c => c.Scopes).HasConversion<int>();
        b.Property(c => c.RepresentativeName).HasMaxLength(200);
        b.Property(c => c.RepresentativeRelation).HasMaxLength(200);
        b.Property(c => c.SignatureEvidence).HasMaxLength(500);
        b.HasOne<Survivor>().WithMany().HasForeignKey(c => c.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.SurvivorId, c.RecordedAt });
        b.PrimitiveCollection(c => c.RelatedPersonsWithoutConsent).HasField("_relatedPersonsWithoutConsent")
            .UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.ScopeHistory, h =>
        {
            h.ToJson("scope_history");
            h.Property(x => x.Scope).HasConversion<int>();
        });
        b.Navigation(c => c.ScopeHistory).HasField("_scopeHistory").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class LegalProcessConfiguration : IEntityTypeConfiguration<LegalProcess>
{
    public void Configure(EntityTypeBuilder<LegalProcess> b)
    {
        b.ToTable("legal_processes");
        b.HasKey(p => p.Id);
        b.Property(p => p.Type).HasConversion<int>();
        b.Property(p => p.Subject).HasConversion<int>();
        b.Property(p => p.Status).HasConversion<int>();
        b.Property(p => p.Court).HasMaxLength(200);
        b.Property(p => p.Rit).HasMaxLength(30);
        b.Property(p => p.Ruc).HasMaxLength(20);
        b.Property(p => p.Outcome).HasMaxLength(1000);
        b.Property(p => p.ArchiveReason).HasMaxLength(1000);
        b.HasOne<Survivor>().WithMany().HasForeignKey(p => p.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.SurvivorId);
        b.OwnsMany(p => p.Measures, m =>
        {
            m.ToTable("protective_measures");
            m.WithOwner().HasForeignKey("legal_process_id");
            m.HasKey(x => x.Id);
            m.Property(x => x.Kind).HasConversion<int>();
            m.Property(x => x.Description).HasMaxLength(1000);
            m.Property(x => x.IssuedByCourt).HasMaxLength(200);
        });
        b.Navigation(p => p.Measures).HasField("_measures").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class InterventionPlanConfiguration : IEntityTypeConfiguration<InterventionPlan>
{
    public void Configure(EntityTypeBuilder<InterventionPlan> b)
    {
        b.ToTable("intervention_plans");
        b.HasKey(p => p.Id);
        b.HasOne<Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.CaseId).IsUnique();
        b.OwnsMany(p => p.Objectives, o =>
        {
            o.ToJson("objectives");
            o.OwnsMany(x => x.Actions);
            o.Navigation(x => x.Actions).HasField("_actions").UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        b.Navigation(p => p.Objectives).HasField("_objectives").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property<uint>("Version").IsRowVersion();
    }
}
