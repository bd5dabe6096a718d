using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Persistence.Configurations;

internal sealed class RelatedPersonConfiguration : IEntityTypeConfiguration<RelatedPerson>
{
    public void Configure(EntityTypeBuilder<RelatedPerson> b)
    {
        b.ToTable("related_persons");
        b.HasKey(p => p.Id);
        b.Property(p => p.Kind).HasConversion<int>();
        b.Property(p => p.RecordedByCentre).HasMaxLength(20);
        b.Property(p => p.Names).HasMaxLength(RelatedPerson.MaxNamesLength);
        b.Property(p => p.Sex).HasConversion<int>();
        b.Property(p => p.ChildRelation).HasMaxLength(RelatedPerson.MaxRelationLength);
        b.Property(p => p.AggressorRelation).HasConversion<int?>();
        b.Property(p => p.Notes).HasMaxLength(RelatedPerson.MaxNotesLength);
        b.HasOne<Survivor>().WithMany().HasForeignKey(p => p.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.SurvivorId);
    }
}
