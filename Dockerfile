# One build for both programs; pick one with --target (docker-compose.yml does):
#   docker build --target web -t siivbg-web .
#   docker build --target devservices -t siivbg-devservices .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The whole tree at once: a restore layer built from hand-listed .csproj files breaks silently when a
# project or a NuGet.config is added, and nobody can build this image on the development machines.
COPY . .

FROM build AS publish-web
RUN dotnet publish SIIVbG.Web/SIIVbG.Web.csproj -c Release -p:UseAppHost=false -o /out

FROM build AS publish-devservices
RUN dotnet publish tools/SIIVbG.DevServices/SIIVbG.DevServices.csproj -c Release \
    -p:UseAppHost=false -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS devservices
WORKDIR /app
COPY --from=publish-devservices /out .
ENV ASPNETCORE_HTTP_PORTS=5101
EXPOSE 5101
USER $APP_UID
ENTRYPOINT ["dotnet", "SIIVbG.DevServices.dll"]

# Last, so that a plain `docker build .` gives the portal.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS web
WORKDIR /app
COPY --from=publish-web /out .
ENV ASPNETCORE_HTTP_PORTS=5100
EXPOSE 5100
USER $APP_UID
# `migrate`, `seed` and `demo-operators` are subcommands of the same binary.
ENTRYPOINT ["dotnet", "SIIVbG.Web.dll"]
