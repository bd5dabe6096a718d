namespace SIIVbG.Infrastructure.Seeding.Generation;

/// <summary>
/// Common Chilean given names and surnames, combined at random: the people are fictitious, the spelling (accents, ñ)
/// is what the name search must cope with.
/// </summary>
internal static class FictitiousNames
{
    public static readonly string[] GivenNames =
    [
        "María", "Ana", "Camila", "Valentina", "Javiera", "Constanza", "Catalina", "Francisca", "Fernanda", "Daniela",
        "Carolina", "Paula", "Andrea", "Claudia", "Patricia", "Marcela", "Carmen", "Rosa", "Juana", "Gloria", "Margarita",
        "Verónica", "Alejandra", "Paola", "Lorena", "Ximena", "Soledad", "Macarena", "Bárbara", "Natalia", "Isidora",
        "Antonia", "Florencia", "Josefa", "Martina", "Sofía", "Agustina", "Trinidad", "Belén", "Inés", "Mónica", "Mariela",
        "Elizabeth", "Jacqueline", "Karina", "Katherine", "Yasna", "Nicole", "Romina", "Tamara", "Pía", "Solange", "Viviana",
        "Susana", "Teresa", "Luisa", "Eugenia", "Cecilia", "Raquel", "Sandra", "Silvia", "Pamela", "Jessica", "Angélica",
        "Beatriz", "Rocío", "Ignacia", "Amanda", "Renata", "Emilia", "Olga", "Norma", "Ruth", "Leticia", "Myriam", "Jimena",
        "Lucía", "Gabriela", "Valeria", "Estefanía", "Génesis", "Dayana", "Yaritza", "Nayadet", "Scarlett", "Yessenia",
        "Marisol", "Fabiola", "Loreto", "Maite", "Ámbar", "Anaís", "Noemí", "Rebeca", "Débora", "Elena", "Isabel",
        "Cristina", "Graciela", "Violeta", "Hortensia", "Berta", "Irma", "Edith", "Nancy", "Erika", "Mirta", "Nelly", "Luz",
        "Flor", "Maribel", "Yolanda", "Alicia", "Ángela", "Consuelo", "Pilar", "Begoña", "Aurora", "Zunilda",
    ];

    /// <summary>Given names that usually come as a pair.</summary>
    public static readonly string[] CompoundGivenNames =
    [
        "María José", "María Paz", "María Jesús", "María Ignacia", "Ana María", "María Fernanda", "María Teresa",
        "María Eugenia", "María Belén", "María Angélica", "María Soledad", "María Elena", "María de los Ángeles",
        "María Cristina", "María Luisa", "Rosa Elena", "Ana Luisa", "María Inés",
    ];

    public static readonly string[] Surnames =
    [
        "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez", "Sepúlveda", "Morales",
        "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya", "Flores", "Espinoza", "Valenzuela", "Castillo",
        "Tapia", "Reyes", "Gutiérrez", "Castro", "Pizarro", "Álvarez", "Vásquez", "Sánchez", "Fernández", "Ramírez",
        "Carrasco", "Gómez", "Cortés", "Herrera", "Núñez", "Jara", "Vergara", "Rivera", "Figueroa", "Riquelme", "García",
        "Miranda", "Bravo", "Vera", "Molina", "Vega", "Campos", "Sandoval", "Orellana", "Cárdenas", "Olivares", "Alarcón",
        "Gallardo", "Ortiz", "Garrido", "Salazar", "Guzmán", "Henríquez", "Saavedra", "Navarro", "Aguilera", "Parra",
        "Romero", "Aravena", "Vidal", "Jiménez", "Peña", "Ibáñez", "Yáñez", "Cáceres", "Zúñiga", "Quiroz", "Toledo",
        "Venegas", "Poblete", "Lagos", "Mella", "Acuña", "Ruiz", "Medina", "Leiva", "Escobar", "Troncoso", "Salinas",
        "Cofré", "Ulloa", "Arancibia", "Briones", "Mardones", "Maldonado", "Donoso", "Inostroza", "Osorio", "Painequeo",
        "Huenchullán", "Catrileo", "Millapán", "Ñancupil", "Quilaqueo", "Mamani", "Huanca", "Avendaño", "Bustos",
        "Cisternas", "Moya", "Farías", "Pinto", "Zamorano", "Ossandón", "Echeverría", "Urrutia", "Manríquez", "Godoy",
        "Valdés", "Lizama", "Bahamondes", "Oyarzún", "Barría", "Ñanco", "Peñaloza", "Muñoz de la Fuente",
    ];

    public static readonly string[] Streets =
    [
        "Los Aromos", "Las Acacias", "Los Copihues", "El Roble", "Los Alerces", "Las Araucarias", "Los Pinos", "El Bosque",
        "Los Naranjos", "Las Rosas", "Los Carrera", "O'Higgins", "Prat", "Baquedano", "Manuel Rodríguez", "Lautaro",
        "Caupolicán", "Colo Colo", "Gabriela Mistral", "Pablo Neruda", "Violeta Parra", "Los Jazmines", "Ñuble", "Maipú",
    ];
}
