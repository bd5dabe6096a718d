using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Alerts;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Referrals;
using SIIVbG.Domain.Survivors;
using SIIVbG.Domain.Territory;

namespace SIIVbG.Infrastructure.Persistence.Configurations;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.ToTable("referrals");
        b.HasKey(r => r.Id);
        b.Property(r => r.Kind).HasConversion<int>();
        b.Property(r => r.State).HasConversion<int>();
        b.Property(r => r.Urgency).HasConversion<int>();
        b.Property(r => r.FromCentreCode).HasMaxLength(20);
        b.Property(r => r.FromRegionCode).HasMaxLength(2);
        b.Property(r => r.FromExecutingEntityCode).HasMaxLength(20);
        b.Property(r => r.ToCentreCode).HasMaxLength(20);
        b.Property(r => r.ToInstitutionCode).HasMaxLength(20);
        b.Property(r => r.ToRegionCode).HasMaxLength(2);
        b.Property(r => r.ToExecutingEntityCode).HasMaxLength(20);
        b.Property(r => r.Reason).HasMaxLength(Referral.MaxTextLength).IsRequired();
        b.Property(r => r.PackageFields).HasConversion(
            fields => fields.Select(f => (int)f).ToArray(),
            ints => ints.Select(i => (PackageField)i).ToArray(),
            new ValueComparer<PackageField[]>((x, y) => x!.SequenceEqual(y!), x => x.Aggregate(0, (h, f) => HashCode.Combine(h, f)), x => x.ToArray()));
        b.Property(r => r.PackageJson).HasColumnType("jsonb");
        b.OwnsOne(r => r.CounterReferral, c => c.ToJson("counter_referral"));
        b.OwnsMany(r => r.Steps, s =>
        {
            s.ToJson("steps");
            s.Property(x => x.State).HasConversion<int>();
        });
        b.Navigation(r => r.Steps).HasField("_steps").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(r => r.FollowUps, f =>
        {
            f.ToJson("follow_ups");
            f.Property(x => x.Kind).HasConversion<int>();
        });
        b.Navigation(r => r.FollowUps).HasField("_followUps").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(r => r.IsPending);
        b.HasOne<Survivor>().WithMany().HasForeignKey(r => r.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Centre>().WithMany().HasForeignKey(r => r.FromCentreCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Centre>().WithMany().HasForeignKey(r => r.ToCentreCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Institution>().WithMany().HasForeignKey(r => r.ToInstitutionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.FromCentreCode, r.State });
        b.HasIndex(r => new { r.ToCentreCode, r.State });
        b.HasIndex(r => new { r.FromRegionCode, r.SentAt });
        b.HasIndex(r => new { r.ToRegionCode, r.SentAt });
        b.HasIndex(r => new { r.FromExecutingEntityCode, r.SentAt });
        b.HasIndex(r => new { r.ToExecutingEntityCode, r.SentAt });
        b.HasIndex(r => new { r.SurvivorId, r.SentAt });
        b.HasIndex(r => new { r.State, r.DueOn });
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> b)
    {
        b.ToTable("institutions");
        b.HasKey(i => i.Code);
        b.Property(i => i.Code).HasMaxLength(20);
        b.Property(i => i.Name).HasMaxLength(200).IsRequired();
        b.Property(i => i.Kind).HasMaxLength(100).IsRequired();
        // The Ruta Crítica as the seed report names it; administrators maintain the catalogue from here on.
        b.HasData(
            new Institution("CARABINEROS", "Carabineros de Chile", "Policía"),
            new Institution("PDI", "Policía de Investigaciones", "Policía"),
            new Institution("FISCALIA", "Fiscalía (Ministerio Público)", "Persecución penal"),
            new Institution("TRIB-FAMILIA", "Tribunales de Familia", "Justicia"),
            new Institution("SALUD", "Red de Salud (atención primaria y hospitalaria)", "Salud"),
            new Institution("SML", "Servicio Médico Legal", "Peritaje"),
            new Institution("SPD", "Subsecretaría de Prevención del Delito (Apoyo a Víctimas)", "Apoyo a víctimas"),
            new Institution("MUNICIPAL", "Servicios municipales (OPD, DIDECO, oficina de la mujer)", "Municipal"),
            new Institution("DIVERSIDADES", "Servicios para diversidades sexuales y de género", "Diversidades"),
            new Institution("CAJ", "Corporación de Asistencia Judicial", "Justicia"));
    }
}

internal sealed class CatalogueEntryConfiguration : IEntityTypeConfiguration<SIIVbG.Domain.Catalogues.CatalogueEntry>
{
    public void Configure(EntityTypeBuilder<SIIVbG.Domain.Catalogues.CatalogueEntry> b)
    {
        b.ToTable("catalogue_entries");
        b.HasKey(e => new { e.Kind, e.Code });
        b.Property(e => e.Kind).HasConversion<int>();
        b.Property(e => e.Code).HasMaxLength(60);
        b.Property(e => e.Name).HasMaxLength(120).IsRequired();
        // A violence type's flag belongs to one entry for ever: episodes store flags.
        b.HasIndex(e => new { e.Kind, e.Bit }).IsUnique().HasFilter("bit IS NOT NULL");
        b.Property<uint>("Version").IsRowVersion();
        b.HasData(SIIVbG.Domain.Catalogues.CatalogueEntry.Seed.Select(e => new { e.Kind, e.Code, e.Name, e.IsActive, e.Bit }));
    }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.ToTable("alerts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Kind).HasConversion<int>();
        b.Property(a => a.CentreCode).HasMaxLength(20);
        b.Ignore(a => a.IsOpen);
        b.HasOne<Centre>().WithMany().HasForeignKey(a => a.CentreCode).OnDelete(DeleteBehavior.Restrict);
        // One alert per cause and centre: the job may run many times, the head is told once.
        b.HasIndex(a => new { a.Kind, a.SubjectId, a.CentreCode }).IsUnique();
        b.HasIndex(a => new { a.CentreCode, a.ResolvedAt });
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class WaitingListEntryConfiguration : IEntityTypeConfiguration<SIIVbG.Domain.WaitingLists.WaitingListEntry>
{
    public void Configure(EntityTypeBuilder<SIIVbG.Domain.WaitingLists.WaitingListEntry> b)
    {
        b.ToTable("waiting_list_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.CentreCode).HasMaxLength(20);
        b.Property(e => e.Stage).HasConversion<int>();
        b.Property(e => e.RiskAtRegistration).HasConversion<int?>();
        b.Property(e => e.Outcome).HasConversion<int?>();
        b.Property(e => e.Note).HasMaxLength(SIIVbG.Domain.WaitingLists.WaitingListEntry.MaxTextLength);
        b.Property(e => e.OutcomeReason).HasMaxLength(SIIVbG.Domain.WaitingLists.WaitingListEntry.MaxTextLength);
        b.Ignore(e => e.IsWaiting);
        b.HasOne<Centre>().WithMany().HasForeignKey(e => e.CentreCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Survivor>().WithMany().HasForeignKey(e => e.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        // She waits once per centre and stage: a second registration while the first is open is a duplicate.
        b.HasIndex(e => new { e.CentreCode, e.Stage, e.SurvivorId }).IsUnique().HasFilter("outcome IS NULL");
        b.HasIndex(e => new { e.CentreCode, e.Outcome });
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class CentreCapacityConfiguration : IEntityTypeConfiguration<SIIVbG.Domain.WaitingLists.CentreCapacity>
{
    public void Configure(EntityTypeBuilder<SIIVbG.Domain.WaitingLists.CentreCapacity> b)
    {
        b.ToTable("centre_capacities");
        b.HasKey(c => new { c.CentreCode, c.Stage });
        b.Property(c => c.CentreCode).HasMaxLength(20);
        b.Property(c => c.Stage).HasConversion<int>();
        b.HasOne<Centre>().WithMany().HasForeignKey(c => c.CentreCode).OnDelete(DeleteBehavior.Restrict);
        b.Property<uint>("Version").IsRowVersion();
    }
}
